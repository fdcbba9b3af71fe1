package com.jada.chartersync.localcloud.latency;

import com.jada.chartersync.localcloud.LocalCloudProperties;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local cloud's latency: a call through the delaying relay waits the configured delay, on one keep-alive
 * connection, with bodies relayed intact; with no delay configured there is no relay at all.
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
class LatencyTest {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Integer> bodies = new CopyOnWriteArrayList<>();
    private HttpServer upstream;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (upstream != null) {
            upstream.stop(0);
        }
    }

    /** A service that answers DynamoDB's ListTables and S3's PutObject, and notes each request body's size. */
    private int upstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.createContext("/", x -> {
            bodies.add(x.getRequestBody().readAllBytes().length);
            byte[] answer = "PUT".equals(x.getRequestMethod()) ? new byte[0] : "{\"TableNames\":[]}".getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            x.getResponseHeaders().set("ETag", "\"e\"");
            x.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            x.getResponseBody().write(answer);
            x.close();
        });
        upstream.start();
        return upstream.getAddress().getPort();
    }

    @Test
    void aDynamoDbCallThroughTheRelayWaitsTheDelayOnOneKeptAliveConnection() throws Exception {
        Latency latency = new Latency(Map.of("dynamodb", Duration.ofMillis(150)), 0);
        LatencyRelay relay = LatencyRelay.start("dynamodb", latency, 0, upstream());
        closing.add(relay);
        DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create("http://127.0.0.1:" + relay.port()))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        closing.add(0, dynamo);

        dynamo.listTables();  // connection and SDK set-up
        for (int i = 0; i < 3; i++) {
            long t = System.nanoTime();
            dynamo.listTables();
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
        assertThat(relay.requests()).isEqualTo(4);
        assertThat(relay.connections()).as("keep-alive stays keep-alive").isEqualTo(1);

        latency.apply("dynamodb=0");
        long t = System.nanoTime();
        dynamo.listTables();
        assertThat(Duration.ofNanos(System.nanoTime() - t)).as("switched off while running").isLessThan(Duration.ofMillis(150));
    }

    @Test
    void anS3UploadWithExpectContinueArrivesWholeAfterTheDelay() throws Exception {
        Latency latency = new Latency(Map.of(), 0);
        latency.apply("s3=100ms jitter=0");
        LatencyRelay relay = LatencyRelay.start("s3", latency, 0, upstream());
        closing.add(relay);
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).forcePathStyle(true)
                .endpointOverride(URI.create("http://127.0.0.1:" + relay.port()))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
        closing.add(0, s3);
        byte[] page = new byte[100_000];
        s3.putObject(b -> b.bucket("b").key("warm"), RequestBody.fromBytes(page));
        long t = System.nanoTime();
        s3.putObject(b -> b.bucket("b").key("k"), RequestBody.fromBytes(page));
        assertThat(Duration.ofNanos(System.nanoTime() - t)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        // the SDK frames the page (aws-chunked, with its checksum trailer): both uploads arrive with every byte of it
        assertThat(bodies).hasSize(2).allSatisfy(size -> assertThat(size).isGreaterThanOrEqualTo(page.length));
        assertThat(bodies.get(1)).isEqualTo(bodies.get(0));
        assertThat(relay.connections()).isEqualTo(1);
    }

    @Test
    void jitterSpreadsTheDelayUniformlyAroundIt() {
        Latency latency = new Latency(Map.of("edge", Duration.ofMillis(20)), 0.2);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 20; i++) {
            long t = System.nanoTime();
            latency.pause("edge");
            long took = System.nanoTime() - t;
            min = Math.min(min, took);
            max = Math.max(max, took);
        }
        assertThat(min).isGreaterThanOrEqualTo(Duration.ofMillis(16).toNanos());
        assertThat(max).isGreaterThan(min);
        long t = System.nanoTime();
        latency.pause("lambda");
        assertThat(System.nanoTime() - t).as("no delay set: none").isLessThan(Duration.ofMillis(5).toNanos());
    }

    @Test
    void offByDefaultWithNoRelayAndOnPerService() {
        LocalCloudProperties none = bind(Map.of());
        assertThat(none.latency()).isEmpty();
        assertThat(com.jada.chartersync.localcloud.LocalCloudAccess.relayed(none, "dynamodb")).isFalse();
        assertThat(com.jada.chartersync.localcloud.LocalCloudAccess.relayed(none, "s3")).isFalse();

        LocalCloudProperties dynamo = bind(Map.of("charter.local.latency.dynamodb", "6ms", "charter.local.latency.calendar", "150ms"));
        assertThat(dynamo.latency()).containsEntry("dynamodb", Duration.ofMillis(6)).containsEntry("calendar", Duration.ofMillis(150));
        assertThat(dynamo.latencyJitter()).isEqualTo(0.2);
        assertThat(com.jada.chartersync.localcloud.LocalCloudAccess.relayed(dynamo, "dynamodb")).isTrue();
        assertThat(com.jada.chartersync.localcloud.LocalCloudAccess.relayed(dynamo, "s3")).isFalse();

        LocalCloudProperties switchable = bind(Map.of("charter.local.latency-relays", "true"));
        assertThat(com.jada.chartersync.localcloud.LocalCloudAccess.relayed(switchable, "s3")).isTrue();
    }

    private static LocalCloudProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("charter.local", LocalCloudProperties.class);
    }
}
