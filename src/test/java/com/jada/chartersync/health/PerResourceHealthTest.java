package com.jada.chartersync.health;

import com.jada.chartersync.config.CallCounter;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DynamoDB's health from the runtime's own calls, through the real SDK and its interceptor against a stand-in that
 * answers as DynamoDB does: {@code jada-events} is there, {@code jada-gone} is not, and an overlong key is refused.
 */
class PerResourceHealthTest {

    private HttpServer server;
    private DynamoDbClient dynamo;
    private final CallCounter calls = new CallCounter();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status;
            String answer;
            if (body.contains("jada-gone")) {
                status = 400;
                answer = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                        + "\"message\":\"Requested resource not found\"}";
            } else if (body.contains("xxxxxxxxxx")) {
                status = 400;
                answer = "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
                        + "\"message\":\"One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes\"}";
            } else {
                status = 200;
                answer = "{}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        dynamo = DynamoDbClient.builder().region(Region.US_EAST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls).retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }

    @AfterEach
    void stop() {
        dynamo.close();
        server.stop(0);
    }

    private void get(String table, String id) {
        dynamo.getItem(b -> b.tableName(table).key(Map.of("eventId", AttributeValue.fromS(id))));
    }

    private CachedHealthIndicator health() {
        return new CachedHealthIndicator(Duration.ofSeconds(20), () -> calls.failingResources("dynamodb"),
                () -> Health.up().build());
    }

    @Test
    void dynamoDbRefusingOurOwnBadRequestLeavesItsHealthUp() {
        String overlong = "x".repeat(3000);
        assertThatThrownBy(() -> get("jada-events", overlong)).isInstanceOf(DynamoDbException.class)
                .hasMessageContaining("2048 bytes");

        assertThat(calls.failingResources("dynamodb")).isEmpty();
        assertThat(health().health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aMissingTableStaysDownNamedWhileAnotherTableAnswers() {
        assertThatThrownBy(() -> get("jada-gone", "e1")).isInstanceOf(DynamoDbException.class);
        get("jada-events", "e1");
        get("jada-events", "e2");

        Health health = health().health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("resource", "jada-gone");
        assertThat(health.getDetails().get("failingResources")).asString().contains("jada-gone").contains("missing")
                .doesNotContain("jada-events");
        assertThat(calls.lost("dynamodb")).extracting(CallCounter.Failing::resource).containsExactly("jada-gone");

        calls.succeeded("dynamodb", "jada-gone");
        assertThat(health().health().getStatus()).as("once that table answers").isEqualTo(Status.UP);
    }

    @Test
    void aFailingWaiverFunctionIsDegradedNotDown() {
        calls.failed("lambda", "Invoke: function error");
        CachedHealthIndicator lambda = new CachedHealthIndicator(Duration.ofSeconds(20), () -> calls.failingResources("lambda"),
                () -> Health.up().build()).failingAs(DependencyHealthConfiguration.DEGRADED);
        assertThat(lambda.health().getStatus()).isEqualTo(DependencyHealthConfiguration.DEGRADED);
        assertThat(lambda.health().getDetails()).containsEntry("reason", "Invoke: function error");
    }
}
