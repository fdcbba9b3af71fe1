package com.jada.chartersync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.localcloud.LocalCloud;
import com.jada.chartersync.record.EventRecordStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole cascade read from the calendar's secret iCal address instead of the API ({@code charter.calendar.source=ical}):
 * the sandbox serves the sample calendar's feed, edits go in through the sandbox's API as an operator would make them
 * in Google Calendar, and the runtime sees them only through the feed.
 */
@SpringBootTest(classes = CharterSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"charter.calendar.source=ical", "charter.local.calendar-ical-token=feed-secret-7q2x9",
                "camel.main.jmx-enabled=false", "spring.jmx.enabled=false"})
@ActiveProfiles("local")
@ExtendWith(OutputCaptureExtension.class)
class IcalFeedSyncTest {

    private static final String SECRET = "feed-secret-7q2x9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SandboxPorts PORTS = new SandboxPorts();

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        PORTS.register(registry);
    }

    @Autowired
    TestRestTemplate rest;
    @Autowired
    SyncCycles cycles;
    @Autowired
    EventRecordStore records;
    @Autowired
    LocalCloud standIns;
    @Autowired
    software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;

    private final SandboxClient sandbox = new SandboxClient(PORTS.calendar, PORTS.edge);
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theThreeSampleChartersReachTheBoardGreenFromTheFeed() throws Exception {
        cycles.runCycle("test");

        for (String eventId : List.of("quinn-saturday-2026-05-31", "jonathan-sunday-2026-05-31-afternoon", "danika-sunday-2026-06-14")) {
            JsonNode state = JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class));
            assertThat(state.get("agree").asBoolean()).as("%s in every layer: %s", eventId, state).isTrue();
        }
        assertThat(sandbox.edge("2026-05-31/quinn-guest.html").body()).contains("Quinn", "Captain Sarah", "Deckhand Marcus");
        assertThat(sandbox.edge("2026-06-14/danika-guest.html").body()).contains("Arrive between 3:00 PM and 7:00 PM");
        assertThat(dynamo.scan(b -> b.tableName("jada-events")).items()).filteredOn(i -> i.get("guestName").s().equals("Quinn"))
                .as("the hand-made record adopted, not duplicated").hasSize(1);

        String html = rest.getForObject("/", String.class);
        assertThat(html).contains("quinn-saturday-2026-05-31", "danika-sunday-2026-06-14")
                .contains("crew: edit in Google Calendar").doesNotContain("Correct crew");
    }

    @Test
    void weeklyRecurringCharterBecomesThreePages() throws Exception {
        JsonNode weekly = insertRecurring("Wes – Weekly sail", "Guest: Wes\nArrive by: 9:30\nCaptain: Sarah\nCrew: Marcus",
                "2026-06-02T10:00:00-07:00", "2026-06-02T12:00:00-07:00", "RRULE:FREQ=WEEKLY;COUNT=3");
        String id = weekly.get("id").asText();

        CycleSummary summary = cycles.runCycle("test");

        assertThat(summary.pagesVerified()).isGreaterThanOrEqualTo(3);
        List<String> eventIds = new ArrayList<>();
        for (String instance : List.of(id + "_20260602T170000Z", id + "_20260609T170000Z", id + "_20260616T170000Z")) {
            eventIds.add(records.linkedId(instance).orElseThrow(() -> new AssertionError("no record for " + instance)));
        }
        assertThat(eventIds).containsExactly("wes-tuesday-2026-06-02", "wes-tuesday-2026-06-09", "wes-tuesday-2026-06-16");
        for (String date : List.of("2026-06-02", "2026-06-09", "2026-06-16")) {
            assertThat(sandbox.edge(date + "/wes-guest.html").body()).contains("Wes", "Arrive by 9:30 AM", "Deckhand Marcus");
        }
    }

    @Test
    void aCycleOnAnUnchangedFeedWritesNothing() {
        cycles.runCycle("test");
        CycleSummary quiet = cycles.runCycle("test");

        assertThat(quiet.calendarRead()).isEqualTo("ical-unchanged");
        assertThat(quiet.eventsSeen()).isZero();
        assertThat(quiet.calls()).containsEntry("calendar", 1L)
                .doesNotContainKeys("dynamodb.PutItem", "dynamodb.UpdateItem", "dynamodb.DeleteItem", "dynamodb.BatchWriteItem", "s3", "cloudfront");
        assertThat(quiet.recordsWritten()).isZero();
    }

    @Test
    void aCrewChangeInTheCalendarReachesTheEdgeThroughTheFeedAndOnlyThatCharterIsWritten() throws Exception {
        String id = sandbox.insertEvent("Petra – Sail", "Guest: Petra\nArrive by: 10:00\nCaptain: Sarah\nCrew: Darrell",
                "2026-06-05T10:30:00-07:00", "2026-06-05T12:00:00-07:00");
        cycles.runCycle("test");

        sandbox.patchDescription(id, "Guest: Petra\nArrive by: 10:00\nCaptain: Sarah\nUpdated crew: Gene");
        CycleSummary change = cycles.runCycle("test");

        assertThat(change.calendarRead()).isEqualTo("ical-changes");
        assertThat(change.eventsSeen()).isEqualTo(1);
        assertThat(change.recordsWritten()).isEqualTo(1);
        assertThat(change.pagesVerified()).isEqualTo(1);
        assertThat(sandbox.edge("2026-06-05/petra-guest.html").body()).contains("Deckhand Gene").doesNotContain("Darrell");
    }

    @Test
    void eventsThatLeaveTheFeedAndCancelledInstancesAreCancelled() throws Exception {
        String single = sandbox.insertEvent("Ines – Sail", "Guest: Ines\nArrive by: 10:00\nCaptain: Sarah",
                "2026-06-11T10:30:00-07:00", "2026-06-11T12:00:00-07:00");
        String series = insertRecurring("Rosa – Sail", "Guest: Rosa\nArrive by: 8:30\nCaptain: Gene",
                "2026-06-01T09:00:00-07:00", "2026-06-01T11:00:00-07:00", "RRULE:FREQ=WEEKLY;COUNT=2").get("id").asText();
        cycles.runCycle("test");
        String ines = records.linkedId(single).orElseThrow();
        String rosaSecond = records.linkedId(series + "_20260608T160000Z").orElseThrow();

        assertThat(sandbox.deleteEvent(single)).isEqualTo(204);
        assertThat(sandbox.deleteEvent(series + "_20260608T160000Z")).isEqualTo(204);
        CycleSummary summary = cycles.runCycle("test");

        assertThat(summary.recordsWritten()).isEqualTo(2);
        for (String eventId : List.of(ines, rosaSecond)) {
            Map<String, AttributeValue> record = records.item(eventId);
            assertThat(record.get("status").s()).as(eventId).isEqualTo("cancelled");
            assertThat(sandbox.edge(record.get("pageKey").s()).body()).contains("This charter was cancelled");
        }
        assertThat(records.item(records.linkedId(series + "_20260601T160000Z").orElseThrow()).get("status").s()).isEqualTo("scheduled");
    }

    @Test
    void crewCorrectionIsRefusedWithItsReasonBecauseTheFeedIsReadOnly() throws Exception {
        cycles.runCycle("test");
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> r = rest.postForEntity("/api/events/danika-sunday-2026-06-14/crew",
                new HttpEntity<>("{\"captain\":\"Sarah\",\"crew\":[\"Gene\"]}", headers), String.class);

        assertThat(r.getStatusCode().value()).isEqualTo(409);
        JsonNode body = JSON.readTree(r.getBody());
        assertThat(body.get("status").asInt()).isEqualTo(409);
        assertThat(body.get("reason").asText()).contains("iCal feed", "read-only", "Google Calendar");
        assertThat(sandbox.edge("2026-06-14/danika-guest.html").body()).contains("Deckhand Darrell");
    }

    @Test
    void theSecretFeedAddressAppearsInNoAnswerAndNoLogLineEvenWhenTheFeedFails(CapturedOutput output) throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.calendar
                + "/calendar/ical/jada-internal/private-wrong/basic.ics")).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).as("a wrong token").isEqualTo(404);
        standIns.stopCalendar();
        CycleSummary outage;
        try {
            outage = cycles.runCycle("test");
        } finally {
            standIns.startCalendar();
        }
        assertThat(outage.failures()).anyMatch(f -> f.startsWith("calendar-read: ") && f.contains("iCal feed"));
        assertThat(String.join(" ", outage.failures())).doesNotContain(SECRET);
        String health = rest.getForObject("/actuator/health", String.class);
        assertThat(health).contains("iCal feed").doesNotContain(SECRET);
        assertThat(output.getAll()).doesNotContain(SECRET);
        assertThat(cycles.runCycle("test").failures()).as("the next cycle reads the feed again").isEmpty();
    }

    private JsonNode insertRecurring(String summary, String description, String start, String end, String rule) throws Exception {
        String body = JSON.createObjectNode().put("summary", summary).put("description", description)
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("start", JSON.createObjectNode().put("dateTime", start)
                        .put("timeZone", "America/Los_Angeles"))
                .<com.fasterxml.jackson.databind.node.ObjectNode>set("end", JSON.createObjectNode().put("dateTime", end)
                        .put("timeZone", "America/Los_Angeles"))
                .set("recurrence", JSON.createArrayNode().add(rule)).toString();
        // the calendar API itself answers only with an access token (the feed needs none: its address is the secret)
        String token = SandboxClient.localAccessToken(PORTS.calendar);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.calendar
                        + "/calendar/v3/calendars/jada-internal/events")).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }
}
