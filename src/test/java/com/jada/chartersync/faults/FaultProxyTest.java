package com.jada.chartersync.faults;

import com.jada.chartersync.SandboxPorts;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy on its own, in front of a tiny JDK HTTP server: faithful relaying, and each fault as a client meets it. */
class FaultProxyTest {

    private HttpServer upstream;
    private final AtomicInteger upstreamRequests = new AtomicInteger();
    private FaultProxy proxy;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", SandboxPorts.freePort()), 16);
        upstream.createContext("/echo", this::echo);
        upstream.createContext("/big", x -> answer(x, 200, "x".repeat(10_000)));
        upstream.createContext("/chunked", x -> {
            upstreamRequests.incrementAndGet();
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                for (String part : new String[] {"first,", "second,", "third"}) {
                    out.write(part.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        });
        upstream.start();
        proxy = FaultProxy.start("test", upstream.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    private void echo(HttpExchange x) throws IOException {
        upstreamRequests.incrementAndGet();
        byte[] body = x.getRequestBody().readAllBytes();
        String text = x.getRequestMethod() + " " + x.getRequestURI().getRawPath() + "?" + x.getRequestURI().getRawQuery()
                + "\nhost=" + x.getRequestHeaders().getFirst("Host")
                + "\nauthorization=" + x.getRequestHeaders().getFirst("Authorization")
                + "\nx-amz-date=" + x.getRequestHeaders().getFirst("X-Amz-Date")
                + "\nx-amz-target=" + x.getRequestHeaders().getFirst("X-Amz-Target")
                + "\nbody=" + new String(body, StandardCharsets.UTF_8);
        answer(x, 200, text);
    }

    private static void answer(HttpExchange x, int status, String text) throws IOException {
        x.getRequestBody().readAllBytes();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private HttpResponse<String> post(String pathAndQuery, String target, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(proxy.url() + pathAndQuery)).timeout(Duration.ofSeconds(5))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc123")
                .header("X-Amz-Date", "20260101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void relaysMethodPathQueryHeadersAndBodyUnchangedIncludingTheSignedHost() throws Exception {
        HttpResponse<String> r = post("/echo?b=2&a=%20x", "DynamoDB_20120810.GetItem", "{\"TableName\":\"t\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("POST /echo?b=2&a=%20x\n")
                .contains("host=127.0.0.1:" + proxy.port())
                .contains("authorization=AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request")
                .contains("x-amz-date=20260101T000000Z")
                .contains("x-amz-target=DynamoDB_20120810.GetItem")
                .endsWith("body={\"TableName\":\"t\"}");
        assertThat(proxy.seen(FaultProxy.Match.amzTarget("GetItem"))).isEqualTo(1);
    }

    @Test
    void relaysChunkedBodiesWithTheirChunkFraming() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(s.getInputStream())).contains("body=hello world");

            out.write("GET /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String chunked = readResponse(s.getInputStream());
            assertThat(chunked).containsIgnoringCase("Transfer-Encoding: chunked").contains("first,").contains("third")
                    .endsWith("0\r\n\r\n");
        }
        assertThat(upstreamRequests).hasValue(2);
    }

    @Test
    void answersWithTheFaultTheGivenNumberOfTimesThenRelaysAgain() throws Exception {
        FaultProxy.Match echo = FaultProxy.Match.path("/echo");
        FaultProxy.Rule rule = proxy.inject(echo, ServiceFaults.dynamoInternalServerError(), 2);

        assertThat(post("/echo", null, "1").statusCode()).isEqualTo(500);
        HttpResponse<String> second = post("/echo", null, "2");
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(second.body()).contains("com.amazonaws.dynamodb.v20120810#InternalServerError");
        assertThat(post("/echo", null, "3").statusCode()).isEqualTo(200);

        assertThat(rule.injected()).isEqualTo(2);
        assertThat(upstreamRequests).as("the service saw only the request that was let through").hasValue(1);
        assertThat(proxy.seen(echo)).as("the proxy saw every attempt").isEqualTo(3);
    }

    @Test
    void faultsOnlyTheDynamoDbOperationItNames() throws Exception {
        FaultProxy.Rule rule = proxy.inject(FaultProxy.Match.amzTarget("UpdateItem"), ServiceFaults.dynamoThrottling(),
                FaultProxy.ALWAYS);

        assertThat(post("/echo", "DynamoDB_20120810.GetItem", "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> throttled = post("/echo", "DynamoDB_20120810.UpdateItem", "{}");

        assertThat(throttled.statusCode()).isEqualTo(400);
        assertThat(throttled.headers().firstValue("Content-Type")).contains("application/x-amz-json-1.0");
        assertThat(throttled.body()).isEqualTo("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                + "\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
        assertThat(rule.injected()).isEqualTo(1);
    }

    @Test
    void aSlowAnswerOutlastsTheClientsTimeoutWhileTheServiceStillDidTheWork() throws Exception {
        proxy.inject(FaultProxy.Match.any(), Fault.slowResponse(Duration.ofSeconds(2)), 1);

        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.url() + "/echo")).timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("late")).build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(upstreamRequests).hasValue(1);
        assertThat(post("/echo", null, "again").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesConnectionsIncludingKeptAliveOnesUntilAcceptingAgain() throws Exception {
        assertThat(post("/echo", null, "before").statusCode()).isEqualTo(200);

        proxy.refuseConnections();
        assertThat(proxy.refusing()).isTrue();
        assertThatThrownBy(() -> new Socket("127.0.0.1", proxy.port()).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> post("/echo", null, "while refused")).isInstanceOf(IOException.class);

        proxy.pass();
        assertThat(post("/echo", null, "after").statusCode()).isEqualTo(200);
        assertThat(upstreamRequests).hasValue(2);
    }

    @Test
    void aTruncatedAnswerAnnouncesTheWholeLengthAndStopsHalfway() throws Exception {
        proxy.inject(FaultProxy.Match.any(), Fault.truncate(), FaultProxy.ALWAYS);

        String fixed = rawExchange("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(fixed).contains("Content-Length: 10000");
        assertThat(fixed.substring(fixed.indexOf("\r\n\r\n") + 4)).hasSize(5_000);

        String chunked = rawExchange("GET /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(chunked).contains("Content-Length: 18").doesNotContainIgnoringCase("Transfer-Encoding");
        assertThat(chunked.substring(chunked.indexOf("\r\n\r\n") + 4)).isEqualTo("first,sec");

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(proxy.url() + "/big")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }

    @Test
    void aResetConnectionReachesTheClientAsAnIoError() {
        proxy.inject(FaultProxy.Match.any(), Fault.reset(), FaultProxy.ALWAYS);

        assertThatThrownBy(() -> post("/echo", null, "x")).isInstanceOf(IOException.class);
        assertThat(upstreamRequests).hasValue(0);
    }

    @Test
    void answersExpectContinueAndRelaysTheBodyThatFollows() throws Exception {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("PUT /echo/page.html HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readHead(in)).startsWith("HTTP/1.1 100");
            out.write("page".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").contains("body=page");
        }
    }

    @Test
    void aFaultAnswersAnExpectContinueRequestAtOnceAndClosesTheConnection() throws Exception {
        proxy.inject(FaultProxy.Match.method("PUT"), ServiceFaults.s3SlowDown(), 1);

        String answer = rawExchange("PUT /echo/page.html HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
                + "Content-Length: 4\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 503").contains("Connection: close").contains("<Code>SlowDown</Code>");
        assertThat(upstreamRequests).hasValue(0);
    }

    @Test
    void aStalledRequestIsNeitherRelayedNorAnswered() {
        proxy.inject(FaultProxy.Match.any(), Fault.stall(Duration.ofSeconds(2)), 1);

        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy.url() + "/echo")).timeout(Duration.ofMillis(300))
                .GET().build();
        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(upstreamRequests).hasValue(0);
    }

    /** Sends {@code request} on a fresh connection and reads until the proxy closes it. */
    private String rawExchange(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", proxy.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Instant deadline = Instant.now().plusSeconds(5);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while (Instant.now().isBefore(deadline) && (n = s.getInputStream().read(buf)) >= 0) {
                all.write(buf, 0, n);
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        FaultProxy.Message m = FaultProxy.Message.read(in);
        return new String(m.rawHead, StandardCharsets.ISO_8859_1);
    }

    /** One whole response (head and body, as framed on the wire) from a kept-alive connection. */
    private static String readResponse(InputStream in) throws IOException {
        FaultProxy.Message m = FaultProxy.Message.readResponse(in, "GET");
        return new String(m.rawHead, StandardCharsets.ISO_8859_1) + new String(m.rawBody, StandardCharsets.ISO_8859_1);
    }
}
