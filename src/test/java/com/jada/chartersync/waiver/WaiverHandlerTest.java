package com.jada.chartersync.waiver;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The waiver handler without a store to reach: guests get a page, invokers a function error. */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
class WaiverHandlerTest {

    @SuppressWarnings("unchecked")
    @Test
    void unreachableWaiverStoreAnswersTheFormWithATryAgainPageNotAFunctionError() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (DynamoDbClient unreachable = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + closed))
                .region(Region.US_EAST_1).httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD)).build()) {
            WaiverHandler handler = new WaiverHandler(new WaiverService(unreachable, "jada-events", "jada-waivers"));
            for (String method : List.of("GET", "POST")) {
                Map<String, Object> answer = (Map<String, Object>) handler.handleRequest(Map.of(
                        "queryStringParameters", Map.of("eventId", "quinn-saturday-2026-05-31"),
                        "requestContext", Map.of("http", Map.of("method", method)),
                        "body", "eventId=quinn-saturday-2026-05-31&name=Quinn&dateOfBirth=1990-01-01&signature=Q&acceptedTerms=on"),
                        null);
                assertThat(answer.get("statusCode")).as(method).isEqualTo(503);
                assertThat((Map<String, String>) answer.get("headers")).containsEntry("retry-after", "60")
                        .containsEntry("content-type", "text/html; charset=utf-8");
                assertThat(answer.get("body").toString()).contains("Please try again in a minute", "nothing was saved");
            }
            // an invocation (the sync's verify) stays a function error: the runtime retries it
            assertThatThrownBy(() -> handler.handleRequest(Map.of("action", "verify", "eventId", "x"), null))
                    .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
        }
    }
}
