package com.jada.chartersync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator's HTTP interface against the running runtime and its stand-ins. */
class OperatorApiTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void eventStateShowsEveryLayerAgreeingAndTurnsRedWhenThePageIsDeletedFromS3() throws Exception {
        String id = sandbox.insertEvent("Ines – Sail", "Guest: Ines\nArrive by: 9:00\nCaptain: Sarah",
                "2026-06-07T09:30:00-07:00", "2026-06-07T11:00:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(id).orElseThrow();

        JsonNode state = JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class));
        assertThat(state.get("agree").asBoolean()).as("%s", state).isTrue();
        assertThat(state.at("/layers/record/holds/guestName").asText()).isEqualTo("Ines");
        assertThat(state.at("/layers/waiver/holds/waiverStatus").asText()).isEqualTo("pending");

        s3.deleteObject(b -> b.bucket("jada-guest-pages").key(state.at("/layers/record/holds/pageKey").asText()));
        JsonNode broken = JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class));
        assertThat(broken.get("agree").asBoolean()).isFalse();
        assertThat(broken.at("/layers/page/agrees").asBoolean()).isFalse();
        assertThat(broken.at("/layers/page/reason").asText()).isEqualTo("page missing from S3");
    }

    @Test
    void overlongEventIdIsA400AndHealthStaysUp() throws Exception {
        String overlong = "a".repeat(3_000);
        org.springframework.http.HttpHeaders json = new org.springframework.http.HttpHeaders();
        json.setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        Map<String, ResponseEntity<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("eventId", rest.getForEntity("/api/events/" + overlong, String.class));
        answers.put("eventId ", rest.postForEntity("/api/events/" + overlong + "/sync", null, String.class));
        answers.put("eventId  ", rest.postForEntity("/api/events/" + overlong + "/crew",
                new org.springframework.http.HttpEntity<>("{\"captain\":\"Tom\"}", json), String.class));
        answers.put("id", rest.postForEntity("/api/dead-letters/" + overlong + "/replay", null, String.class));
        answers.put("eventId   ", rest.getForEntity("/api/events/quinn*saturday", String.class));
        answers.forEach((field, r) -> {
            assertThat(r.getStatusCode().value()).as(field + r.getBody()).isEqualTo(400);
            JsonNode body;
            try {
                body = JSON.readTree(r.getBody());
            } catch (java.io.IOException e) {
                throw new AssertionError(r.getBody(), e);
            }
            assertThat(body.path("field").asText()).as(r.getBody()).isEqualTo(field.strip());
            assertThat(body.get("reason").asText()).startsWith(field.strip() + ": ").doesNotContain("aaaa");
        });

        ResponseEntity<String> health = rest.getForEntity("/actuator/health", String.class);
        assertThat(JSON.readTree(health.getBody()).at("/components/dynamodbHealth/status").asText()).as(health.getBody())
                .isEqualTo("UP");
    }

    @Test
    void unknownEventAnswers404WithAReason() throws Exception {
        ResponseEntity<String> r = rest.getForEntity("/api/events/nobody-monday-2026-01-05", String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(404);
        assertThat(JSON.readTree(r.getBody()).get("reason").asText()).contains("nobody-monday-2026-01-05");
    }

    @Test
    void replayedDeadLetterGoesThroughTheNormalPathAndIsRemovedWhenItSucceeds() throws Exception {
        // A calendar event whose processing failed downstream earlier: its dead letter holds the original event.
        String calendarId = sandbox.insertEvent("Rosa – Sail", "Guest: Rosa\nArrive by: 16:00\nCaptain: Sarah",
                "2026-06-08T16:30:00-07:00", "2026-06-08T18:00:00-07:00");
        String payload = sandbox.get("http://127.0.0.1:" + CALENDAR_PORT + "/calendar/v3/calendars/jada-internal/events/"
                + calendarId).body();
        dynamo.putItem(b -> b.tableName("jada-dead-letters").item(Map.of(
                "id", AttributeValue.fromS("replay-test-1"),
                "failedAt", AttributeValue.fromS("2026-06-01T00:00:00Z"),
                "routeId", AttributeValue.fromS("page-publish"),
                "reason", AttributeValue.fromS("S3 unavailable"),
                "payloadType", AttributeValue.fromS("Event"),
                "payload", AttributeValue.fromS(payload))));

        ResponseEntity<String> r = rest.postForEntity("/api/dead-letters/replay-test-1/replay", null, String.class);

        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(r.getBody()).at("/summary/pagesVerified").asInt()).isEqualTo(1);
        assertThat(records.linkedId(calendarId)).contains("rosa-monday-2026-06-08");
        assertThat(sandbox.edge("2026-06-08/rosa-guest.html").body()).contains("Rosa", "Arrive by 4:00 PM");
        assertThat(rest.getForObject("/api/dead-letters", String.class)).doesNotContain("replay-test-1");
    }

    @Test
    void replayOfInputThatIsStillWrongAnswersConflictAndKeepsTheDeadLetter() throws Exception {
        String bad = sandbox.insertEvent("", "nothing useful", "2026-06-09T10:00:00-07:00", "2026-06-09T11:00:00-07:00");
        cycles.runCycle("test");
        String letterId = null;
        for (JsonNode l : JSON.readTree(rest.getForObject("/api/dead-letters", String.class))) {
            if (("calendar:" + bad).equals(l.path("eventRef").asText())) {
                letterId = l.get("id").asText();
            }
        }
        assertThat(letterId).isNotNull();

        ResponseEntity<String> r = rest.postForEntity("/api/dead-letters/" + letterId + "/replay", null, String.class);

        assertThat(r.getStatusCode().value()).isEqualTo(409);
        assertThat(r.getBody()).contains("names no guest");
        assertThat(rest.getForObject("/api/dead-letters", String.class)).contains(letterId);
    }

    @Test
    void replayOfAnUnknownDeadLetterAnswers404() {
        assertThat(rest.postForEntity("/api/dead-letters/nope/replay", null, String.class).getStatusCode().value())
                .isEqualTo(404);
    }
}
