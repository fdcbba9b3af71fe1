package com.jada.chartersync.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.localcloud.StandInHttp;
import com.jada.chartersync.localcloud.dynamodb.DynaliteProcess;
import com.jada.chartersync.localcloud.lambda.LambdaStandIn;
import com.jada.chartersync.record.TableInitializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The waiver package under AWS's own Java runtime interface client (the RIC, what Lambda's java17 runtime runs), in
 * a child JVM with nothing but the unpacked zip (its working directory, as /var/task) and the RIC's jars, talking to a
 * minimal Lambda Runtime API served here on loopback. The same payloads go through the Invoke stand-in of the local
 * cloud; both must answer alike: a response, or a function error with the same errorType and errorMessage.
 * Then the store goes away: the function URL still answers a page (503), and the warning reaches standard output.
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
class LambdaRuntimeParityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT_ID = "quinn-saturday-2026-05-31";

    @TempDir
    Path unpacked;
    @TempDir
    Path data;

    /** What Lambda's Invoke API answers for an invocation: the function's payload, and whether it is an error. */
    record Answer(boolean functionError, JsonNode body) {
    }

    @SuppressWarnings("try") // closes the DynamoDB it holds half-way on purpose: the store goes away
    @Test
    void everyJsonPayloadIsAnsweredAsTheRealRuntimeAnswersItAndTheFunctionLogsToStandardOutput() throws Exception {
        WaiverLambdaPackageIT.unzip(WaiverLambdaPackageIT.findPackage(), unpacked);
        Path log = data.resolve("function.log");
        try (DynaliteProcess dynamo = DynaliteProcess.start(Path.of("src/test/dynalite"), "127.0.0.1",
                SandboxPorts.freePort(), data.resolve("dynamodb"));
             DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynamo.port()))
                     .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
             RuntimeApi runtimeApi = new RuntimeApi();
             LambdaStandIn standIn = new LambdaStandIn("jada-waiver", "/waiver",
                     new WaiverHandler(new WaiverService(client, "jada-events", "jada-waivers"))).start("127.0.0.1", 0)) {
            TableInitializer.ensureAll(client, new CharterSyncProperties.Tables("jada-events", "jada-calendar-links",
                    "jada-dead-letters", "jada-waivers", "jada-sync-state", "jada-processed-events"));
            client.putItem(b -> b.tableName("jada-events").item(Map.of("eventId", AttributeValue.fromS(EVENT_ID),
                    "eventDate", AttributeValue.fromS("2026-05-31"), "waiverStatus", AttributeValue.fromS("pending"),
                    "partySize", AttributeValue.fromN("2"))));

            Process lambda = startRuntime(runtimeApi.port(), dynamo.port(), log);
            try {
                String verify = "{\"action\":\"verify\",\"eventId\":\"" + EVENT_ID + "\"}";
                List<String> payloads = List.of("\"hello\"", "42", "4.2", "true", "[]", "[1]", "[{}]", "[null]", "[[]]",
                        "null", "{}", "\"\"", "{\"action\":42}", "{\"action\":\"verify\"}", verify, "[" + verify + "]");
                for (String payload : payloads) {
                    Answer real = runtimeApi.invoke(payload);
                    Answer local = invokeStandIn(standIn.port(), payload);
                    assertThat(local.functionError()).as("function error for " + payload + ": " + real.body())
                            .isEqualTo(real.functionError());
                    if (real.functionError()) {
                        assertThat(local.body().get("errorType")).as("errorType for " + payload).isEqualTo(real.body().get("errorType"));
                        assertThat(local.body().get("errorMessage")).as("errorMessage for " + payload)
                                .isEqualTo(real.body().get("errorMessage"));
                        assertThat(local.body().get("stackTrace").path(0)).as("top frame for " + payload)
                                .isEqualTo(real.body().get("stackTrace").path(0));
                    } else {
                        assertThat(local.body()).as("response to " + payload).isEqualTo(real.body());
                    }
                }
                assertThat(runtimeApi.invoke(verify).body().get("expected").asInt()).isEqualTo(2);

                // The store goes away: a guest opening the form gets a page that says to try again, not a 502.
                dynamo.close();
                Answer page = runtimeApi.invoke(JSON.writeValueAsString(Map.of("version", "2.0", "rawPath", "/",
                        "rawQueryString", "eventId=" + EVENT_ID, "queryStringParameters", Map.of("eventId", EVENT_ID),
                        "headers", Map.of(), "requestContext", Map.of("http", Map.of("method", "GET", "path", "/")),
                        "isBase64Encoded", false)));
                assertThat(page.functionError()).isFalse();
                assertThat(page.body().get("statusCode").asInt()).isEqualTo(503);
                assertThat(page.body().get("body").asText()).contains("try again in a minute", "nothing is lost");
                String stdout = Files.readString(log);
                assertThat(stdout).as("the function's log on standard output")
                        .containsPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z WARN WaiverHandler - Waiver store unreachable \\(GET /, request [0-9a-f-]+\\)");
                assertThat(stdout).doesNotContain("No SLF4J providers were found");
            } finally {
                lambda.destroyForcibly();
                lambda.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The RIC in a child JVM, as Lambda starts it: the task's directory as working directory, Lambda's variables. */
    private Process startRuntime(int runtimeApiPort, int dynamoPort, Path log) throws IOException {
        List<String> classpath = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target/lambda-runtime"), "*.jar")) {
            jars.forEach(j -> classpath.add(j.toAbsolutePath().toString()));
        }
        assertThat(classpath).as("target/lambda-runtime holds the RIC (mvn verify copies it)").hasSize(4);
        String handler = "com.jada.chartersync.waiver.WaiverHandler::handleRequest";
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(java.io.File.pathSeparator, classpath),
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler)
                .directory(unpacked.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JAVA_TOOL"));
        env.putAll(Map.of("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + runtimeApiPort, "_HANDLER", handler,
                "LAMBDA_TASK_ROOT", unpacked.toString(), "AWS_LAMBDA_FUNCTION_NAME", "jada-waiver",
                "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/jada-waiver", "AWS_LAMBDA_LOG_STREAM_NAME", "local",
                "AWS_REGION", "us-east-1", "TZ", ":UTC"));
        env.putAll(Map.of("AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + dynamoPort, "EVENTS_TABLE", "jada-events", "WAIVERS_TABLE", "jada-waivers"));
        return pb.start();
    }

    private static Answer invokeStandIn(int port, String payload) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/2015-03-31/functions/jada-waiver/invocations")).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("Invoke answers 200 for " + payload + ": " + r.body()).isEqualTo(200);
        return new Answer(r.headers().firstValue("X-Amz-Function-Error").isPresent(), JSON.readTree(r.body()));
    }

    /**
     * Lambda's Runtime API (2018-06-01) as far as the RIC uses it: {@code GET .../invocation/next} hands out the next
     * payload (blocking until there is one), {@code POST .../invocation/{id}/response} and {@code .../error} take the
     * answer. The next-invocation answer carries a Content-Type, as Lambda's does (the RIC's native client crashes
     * the JVM on a response without one).
     */
    static final class RuntimeApi implements AutoCloseable {

        private final HttpServer server;
        private final BlockingQueue<String[]> pending = new LinkedBlockingQueue<>();
        private final Map<String, CompletableFuture<Answer>> answers = new ConcurrentHashMap<>();

        RuntimeApi() throws IOException {
            server = StandInHttp.create("127.0.0.1", 0, "runtime-api", 4);
            server.createContext("/2018-06-01/runtime/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        Answer invoke(String payload) throws Exception {
            String id = UUID.randomUUID().toString();
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            answers.put(id, answer);
            pending.add(new String[] {id, payload});
            return answer.get(60, TimeUnit.SECONDS);
        }

        private void handle(HttpExchange x) throws IOException {
            String path = x.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("GET".equals(x.getRequestMethod()) && path.endsWith("/invocation/next")) {
                String[] next;
                try {
                    next = pending.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    x.close();
                    return;
                }
                byte[] payload = next[1].getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", next[0]);
                x.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
                x.getResponseHeaders().set("Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:us-east-1:000000000000:function:jada-waiver");
                x.getResponseHeaders().set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
                x.sendResponseHeaders(200, payload.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(payload);
                }
                return;
            }
            String[] parts = path.split("/");
            // /2018-06-01/runtime/invocation/{id}/response|error
            if ("POST".equals(x.getRequestMethod()) && parts.length == 6 && "invocation".equals(parts[3])) {
                CompletableFuture<Answer> answer = answers.remove(parts[4]);
                if (answer != null) {
                    answer.complete(new Answer("error".equals(parts[5]), JSON.readTree(body)));
                }
                x.sendResponseHeaders(202, -1);
                x.close();
                return;
            }
            x.sendResponseHeaders(404, -1);
            x.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
