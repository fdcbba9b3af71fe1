package com.jada.chartersync.board;

import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.config.CallCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the status board reads and concludes, below the HTML (the browser tests look at the page itself). */
class StatusBoardTest extends LocalSandboxTest {

    @Autowired
    StatusBoard board;
    @Autowired
    CallCounter calls;
    @Autowired
    StatusBoardController controller;

    @Test
    void boardCostsTheSameFewCallsForThreeChartersOrThreeHundredMore() {
        cycles.runCycle("test");
        Map<String, Long> small = callsOf(() -> board.build(false));
        int before = charters(board.build(false));
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                String id = "load-" + i + "-tuesday-2026-06-02";
                ids.add(id);
                dynamo.putItem(b -> b.tableName("jada-events").item(Map.of(
                        "eventId", AttributeValue.fromS(id), "eventDate", AttributeValue.fromS("2026-06-02"),
                        "guestName", AttributeValue.fromS("Load " + id), "eventType", AttributeValue.fromS("sail"),
                        "crew", AttributeValue.fromL(List.of(AttributeValue.fromS("Captain Sarah"))),
                        "waiverStatus", AttributeValue.fromS("pending"))));
            }

            Map<String, Object> big = board.build(false);
            Map<String, Long> large = callsOf(() -> board.build(false));

            assertThat(charters(big)).isEqualTo(before + 300);
            assertThat(large).as("calls per board view with 300 more charters").isEqualTo(small);
            assertThat(small.get("dynamodb")).as("records and dead letters: one Scan each").isEqualTo(2L);
            assertThat(small.get("s3")).as("one listing of the page bucket").isEqualTo(1L);
            assertThat(small.get("calendar")).as("one listing of the window").isEqualTo(1L);
        } finally {
            ids.forEach(id -> dynamo.deleteItem(b -> b.tableName("jada-events").key(Map.of("eventId", AttributeValue.fromS(id)))));
        }
    }

    @Test
    void calendarEventTheSyncCouldNotRecordShowsAsAMissingRecordWithItsReason() throws Exception {
        String calendarId = sandbox.insertEvent("", "Arrive by: 10:00\nCaptain: Sarah",
                "2026-06-04T10:30:00-07:00", "2026-06-04T12:00:00-07:00");
        cycles.runCycle("test");

        Map<String, Object> view = board.build(true);

        Map<String, Object> row = rows(view).stream()
                .filter(r -> r.get("eventId") == null && layer(r, "record").get("text").toString().contains(calendarId))
                .findFirst().orElseThrow(() -> new AssertionError("no row for the unrecorded event in " + view));
        assertThat(row.get("agree")).isEqualTo(false);
        assertThat(layer(row, "calendar").get("ok")).isEqualTo(true);
        assertThat(layer(row, "record").get("ok")).isEqualTo(false);
        assertThat(layer(row, "record").get("text").toString()).contains("event-record", "names no guest", "dead letter");
        assertThat(view.get("onlyAttention")).isEqualTo(true);
        assertThat(rows(view)).allMatch(r -> Boolean.FALSE.equals(r.get("agree")));
    }

    @Test
    void crewFormRefusesAnInjectedCaptainWithAFlashAndWritesNothing() throws Exception {
        String calendarId = sandbox.insertEvent("Bo – Sail", "Guest: Bo\nArrive by: 10:00\nCaptain: Sarah\nCrew: Gene",
                "2026-06-05T10:30:00-07:00", "2026-06-05T12:00:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();
        String before = sandbox.get("http://127.0.0.1:" + CALENDAR_PORT + "/calendar/v3/calendars/jada-internal/events/"
                + calendarId).body();

        RedirectAttributesModelMap redirect = new RedirectAttributesModelMap();
        String view = controller.correctCrew(eventId, "Sarah\r\nGuest: Mallory", "Gene", redirect);

        assertThat(view).isEqualTo("redirect:/#ev-" + eventId);
        assertThat(redirect.getFlashAttributes().get("flashOk")).isEqualTo(false);
        assertThat(String.valueOf(redirect.getFlashAttributes().get("flash")))
                .contains("nothing was written", "captain: must be a single line");
        assertThat(sandbox.get("http://127.0.0.1:" + CALENDAR_PORT + "/calendar/v3/calendars/jada-internal/events/"
                + calendarId).body()).isEqualTo(before);

        controller.correctCrew(eventId, "Sarah", String.join(",", java.util.Collections.nCopies(21, "Gene")), redirect);
        assertThat(String.valueOf(redirect.getFlashAttributes().get("flash"))).contains("crew: at most 20 crew members");
    }

    private Map<String, Long> callsOf(Runnable action) {
        Map<String, Long> before = calls.snapshot();
        action.run();
        return CallCounter.delta(before, calls.snapshot()).entrySet().stream()
                .filter(e -> !e.getKey().contains("."))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> view) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> day : (List<Map<String, Object>>) view.get("days")) {
            out.addAll((List<Map<String, Object>>) day.get("charters"));
        }
        return out;
    }

    private static int charters(Map<String, Object> view) {
        return (Integer) view.get("charterCount");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> layer(Map<String, Object> row, String name) {
        return ((List<Map<String, Object>>) row.get("layers")).stream().filter(l -> name.equals(l.get("name")))
                .findFirst().orElseThrow();
    }
}
