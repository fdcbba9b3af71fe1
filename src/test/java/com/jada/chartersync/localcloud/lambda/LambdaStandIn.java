package com.jada.chartersync.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.jada.chartersync.localcloud.StandInHttp;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AWS Lambda for the embedded default: the Invoke REST API ({@code POST /2015-03-31/functions/NAME/invocations})
 * with Lambda's error contract (HTTP 200, {@code X-Amz-Function-Error: Unhandled}, {@code errorMessage}/
 * {@code errorType}), so camel-aws2-lambda and {@code aws lambda invoke --endpoint-url} work unchanged; and the
 * function's URL ({@code /waiver}, payload format 2.0) for the form the guest page embeds. The handler runs
 * in this JVM (see the README for why, and for the deployable artifact).
 *
 * <p>A payload that is not JSON is the Invoke API's 400 {@code InvalidRequestContentException}. Any JSON value goes
 * to the function, as AWS's Java runtime hands it over: its serializer (Jackson, unwrapping a one-element array,
 * taking {@code []} and {@code ""} for null) turns it into the handler's Map, or fails with the runtime's own
 * function error, {@code java.lang.RuntimeException} "An error occurred during JSON parsing". LambdaRuntimeParityIT
 * runs the same payloads through the real runtime interface client and through this stand-in and compares.
 */
public final class LambdaStandIn implements AutoCloseable {

    private final java.util.concurrent.atomic.AtomicInteger invocations = new java.util.concurrent.atomic.AtomicInteger();

    /** Invoke calls this function has received so far (what the remote side saw, for retry tests). */
    public int invocations() {
        return invocations.get();
    }

    private static final Logger LOG = LoggerFactory.getLogger(LambdaStandIn.class);
    private static final String INVOKE = "/2015-03-31/functions/";

    private final ObjectMapper json = new ObjectMapper();
    /** How the Java runtime's serializer reads an event into a handler's Map (aws-lambda-java-serialization). */
    private final ObjectMapper runtimeJson = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS,
                    com.fasterxml.jackson.databind.DeserializationFeature.ACCEPT_EMPTY_ARRAY_AS_NULL_OBJECT,
                    com.fasterxml.jackson.databind.DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .build();
    private final String functionName;
    private final String urlPath;
    private final RequestHandler<Map<String, Object>, Object> handler;
    private HttpServer server;

    public LambdaStandIn(String functionName, String urlPath, RequestHandler<Map<String, Object>, Object> handler) {
        this.functionName = functionName;
        this.urlPath = urlPath;
        this.handler = handler;
    }

    /** The delay of each invoke (not of the guest form's function URL); none unless set. */
    public LambdaStandIn latency(com.jada.chartersync.localcloud.latency.Latency latency) {
        this.latency = latency;
        return this;
    }

    private com.jada.chartersync.localcloud.latency.Latency latency = com.jada.chartersync.localcloud.latency.Latency.none();

    public LambdaStandIn start(String host, int port) throws IOException {
        server = StandInHttp.create(host, port, "lambda-standin", 4);
        server.createContext(INVOKE, latency.delayed("lambda", this::invoke));
        server.createContext(urlPath, this::functionUrl);
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void invoke(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        String[] parts = x.getRequestURI().getPath().substring(INVOKE.length()).split("/");
        String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (name.contains(":function:")) {
            name = name.substring(name.indexOf(":function:") + ":function:".length()).split(":")[0];
        }
        if (parts.length == 2 && "configuration".equals(parts[1]) && "GET".equals(x.getRequestMethod())
                && functionName.equals(name)) {
            send(x, 200, "application/json", json.writeValueAsBytes(Map.of("FunctionName", functionName,
                    "Runtime", "java17", "Handler", "com.jada.chartersync.waiver.WaiverHandler::handleRequest",
                    "State", "Active", "LastUpdateStatus", "Successful")));
            return;
        }
        if (parts.length != 2 || !"invocations".equals(parts[1]) || !"POST".equals(x.getRequestMethod())) {
            error(x, 404, "ResourceNotFoundException", "Unknown operation " + x.getRequestURI().getPath());
            return;
        }
        if (!functionName.equals(name)) {
            error(x, 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:000000000000:function:" + name);
            return;
        }
        invocations.incrementAndGet();
        com.fasterxml.jackson.databind.JsonNode tree = null;
        if (body.length > 0) {
            try {
                tree = json.readTree(body);
            } catch (IOException e) {
                error(x, 400, "InvalidRequestContentException", "Could not parse request body into json: " + e.getMessage().lines().findFirst().orElse(""));
                return;
            }
        }
        x.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
        // the runtime's serializer unwraps a one-element array only around an object ([null] fails there too)
        boolean unwrapsToNonObject = tree != null && tree.isArray() && tree.size() == 1 && !tree.get(0).isObject();
        Map<String, Object> event;
        try {
            if (unwrapsToNonObject) {
                throw new IOException("not an object");
            }
            event = body.length == 0 ? Map.of() : runtimeJson.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            // valid JSON the runtime cannot make into the handler's input: a function error, as under Lambda
            answerFailure(x, "An error occurred during JSON parsing", RuntimeException.class.getName(), List.of());
            return;
        }
        byte[] answer;
        try {
            answer = json.writeValueAsBytes(handler.handleRequest(event, null));
        } catch (RuntimeException e) {
            // Lambda's contract: the invocation succeeded, the function failed.
            LOG.debug("Function {} failed: {}", functionName, e.getMessage());
            answerFailure(x, e.getMessage(), e.getClass().getName(), handlerFrames(e));
            return;
        }
        send(x, 200, "application/json", answer);
    }

    private void answerFailure(HttpExchange x, String message, String type, List<String> stackTrace) throws IOException {
        Map<String, Object> failure = new LinkedHashMap<>();
        failure.put("errorMessage", message);
        failure.put("errorType", type);
        failure.put("stackTrace", stackTrace);
        x.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
        send(x, 200, "application/json", json.writeValueAsBytes(failure));
    }

    /** The failure's frames as the runtime reports them, down to where this stand-in called the handler. */
    private static List<String> handlerFrames(Throwable e) {
        List<String> frames = new java.util.ArrayList<>();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith(LambdaStandIn.class.getName())) {
                break;
            }
            frames.add(frame.toString());
        }
        return frames;
    }

    @SuppressWarnings("unchecked")
    private void functionUrl(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, Object> event = new LinkedHashMap<>();
        String rawQuery = x.getRequestURI().getRawQuery();
        event.put("version", "2.0");
        event.put("rawPath", x.getRequestURI().getPath());
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        Map<String, String> query = new LinkedHashMap<>();
        try {
            if (rawQuery != null && !rawQuery.isEmpty()) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } catch (IllegalArgumentException e) {
            // a function URL answers a malformed query with 400 before the function runs
            LOG.warn("Function URL {} refused with 400: the query string is not valid URL encoding", urlPath);
            send(x, 400, "text/plain; charset=utf-8", "Bad Request".getBytes(StandardCharsets.UTF_8));
            return;
        }
        event.put("queryStringParameters", query);
        Map<String, String> headers = new LinkedHashMap<>();
        x.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
        event.put("headers", headers);
        event.put("requestContext", Map.of("http", Map.of("method", x.getRequestMethod(), "path", x.getRequestURI().getPath())));
        event.put("body", new String(body, StandardCharsets.UTF_8));
        event.put("isBase64Encoded", false);
        Object result;
        try {
            result = handler.handleRequest(event, null);
        } catch (RuntimeException e) {
            LOG.warn("Function {} failed behind its URL, answered 502: {}", functionName, e.toString());
            send(x, 502, "text/plain; charset=utf-8", ("Internal Server Error").getBytes(StandardCharsets.UTF_8));
            return;
        }
        Map<String, Object> response = (Map<String, Object>) result;
        Map<String, String> responseHeaders = (Map<String, String>) response.getOrDefault("headers", Map.of());
        responseHeaders.forEach((k, v) -> x.getResponseHeaders().set(k, v));
        byte[] out = String.valueOf(response.getOrDefault("body", "")).getBytes(StandardCharsets.UTF_8);
        send(x, ((Number) response.getOrDefault("statusCode", 200)).intValue(),
                responseHeaders.getOrDefault("content-type", "text/plain"), out);
    }

    private void error(HttpExchange x, int status, String type, String message) throws IOException {
        // the Invoke API's own error (not the function's): x-amzn-ErrorType and a JSON message
        x.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(x, status, "application/json", json.writeValueAsBytes(Map.of("Type", "User", "message", message)));
    }

    private static void send(HttpExchange x, int status, String contentType, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", contentType);
        x.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
