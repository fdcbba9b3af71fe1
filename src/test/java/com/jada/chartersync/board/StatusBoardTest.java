package com.jada.chartersync.board;

import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.config.CallCounter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.support.RedirectAttributesModelMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the status board reads and concludes, below the HTML (the browser tests look at the page itself). */
class StatusBoardTest extends LocalSandboxTest {

    @Autowired
    StatusBoard board;
    @Autowired
    BoardReads reads;
    @Autowired
    CallCounter calls;
    @Autowired
    StatusBoardController controller;
    @Autowired
    LambdaClient lambda;

    @Test
    void aPageReadsOnlyItsOwnDaysSoThreeHundredChartersElsewhereCostItNothing() {
        cycles.runCycle("test");
        LocalDate laterDays = LocalDate.parse("2026-06-03");
        Map<String, Long> small = callsOf(() -> board.build(false, laterDays));
        Map<String, Object> wholeWindow = board.build(false);
        assertThat(wholeWindow.get("pageText")).as("a few charters fit on one page").isEqualTo("the whole window");
        assertThat(wholeWindow.get("nextFrom")).isNull();
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

            Map<String, Object> firstPage = board.build(false);
            assertThat(firstPage.get("pageFrom")).isEqualTo("2026-05-27");
            assertThat(firstPage.get("nextFrom")).as("the page ends with the day that filled it (200 charters)")
                    .isEqualTo("2026-06-03");
            assertThat(rows(firstPage)).extracting(r -> r.get("eventId")).contains("load-0-tuesday-2026-06-02",
                    "jonathan-sunday-2026-05-31-afternoon").doesNotContain("danika-sunday-2026-06-14");
            Map<String, Object> secondPage = board.build(false, laterDays);
            assertThat(rows(secondPage)).extracting(r -> r.get("eventId")).contains("danika-sunday-2026-06-14")
                    .doesNotContain("load-0-tuesday-2026-06-02");
            assertThat(secondPage.get("nextFrom")).isNull();

            Map<String, Long> large = callsOf(() -> board.build(false, laterDays));
            assertThat(large).as("calls of the later days' page with 300 more charters on an earlier day").isEqualTo(small);
            assertThat(small.get("s3")).as("one listing of each day's folder of the bucket (June 3 to 16)").isEqualTo(14L);
            assertThat(small.get("calendar")).as("one listing of the page's days").isEqualTo(1L);
            assertThat(small.get("dynamodb")).as("one Query per day of the page (June 3 to 16), the dead letters once, "
                    + "and one BatchGet of links when a calendar event of those days has no record there (other tests add one)")
                    .isBetween(14L, 16L);
        } finally {
            ids.forEach(id -> dynamo.deleteItem(b -> b.tableName("jada-events").key(Map.of("eventId", AttributeValue.fromS(id)))));
        }
    }

    @Test
    void aBusyFirstDayIsReadAloneAndQuietDaysAsManyAtOnceAsThePageStillNeeds() {
        int page = 200;
        assertThat(reads.daysAtOnce(0, 0)).as("the first day alone: a busy day fills a page by itself").isEqualTo(1);
        assertThat(reads.daysAtOnce(50, 1)).as("50 a day, 150 still wanted: three days and one more").isEqualTo(4);
        assertThat(reads.daysAtOnce(0, 1)).as("an empty day says nothing: the most at once")
                .isEqualTo(BoardReads.MAX_DAYS_AT_ONCE);
        assertThat(reads.daysAtOnce(2, 1)).as("a quiet window: the most at once, not a hundred days")
                .isEqualTo(BoardReads.MAX_DAYS_AT_ONCE);
        assertThat(reads.daysAtOnce(page - 1, 4)).as("one charter short: the next day").isEqualTo(2);
    }

    @Test
    void waiverBadgeIsRedInsideADayNamingWhoIsMissingGreenOnceEveryoneSignedAndAmberFurtherAhead() throws Exception {
        String maren = sandbox.insertEvent("Maren – Night sail", "Guest: Maren\nArrive by: 20:45\nCaptain: Sarah\n"
                + "Party size: 3\nMinors: Milo (12)", "2026-05-30T21:00:00-07:00", "2026-05-30T23:00:00-07:00");
        String linnea = sandbox.insertEvent("Linnea – Night sail", "Guest: Linnea\nArrive by: 20:45\nCaptain: Gene\nParty size: 1",
                "2026-05-30T21:00:00-07:00", "2026-05-30T23:00:00-07:00");
        cycles.runCycle("test");
        String marenId = records.linkedId(maren).orElseThrow();
        String linneaId = records.linkedId(linnea).orElseThrow();
        sign(marenId, "Maren");
        sign(linneaId, "Linnea");

        Map<String, Object> view = board.build(false);

        Map<String, Object> marenRow = row(view, marenId);
        assertThat(layer(marenRow, "waiver")).containsEntry("tone", "bad").containsEntry("ok", true)
                .containsEntry("label", "waiver 1 of 3 signed").containsEntry("text", "still to sign: Milo and 1 more; sails in 1 h");
        assertThat(marenRow).containsEntry("agree", true).containsEntry("attention", true);
        assertThat(layer(row(view, linneaId), "waiver")).containsEntry("tone", "ok").containsEntry("label", "waiver 1 of 1 signed");
        assertThat(row(view, linneaId)).containsEntry("attention", false);
        assertThat(layer(row(view, "jonathan-sunday-2026-05-31-afternoon"), "waiver")).containsEntry("tone", "bad")
                .containsEntry("label", "waiver 0 of 6 signed").containsEntry("text", "6 still to sign; sails in 17 h");
        assertThat(layer(row(view, "danika-sunday-2026-06-14"), "waiver")).containsEntry("tone", "warn")
                .containsEntry("label", "waiver 0 of 8 signed");
        assertThat(rows(board.build(true))).extracting(r -> r.get("eventId")).contains(marenId, "jonathan-sunday-2026-05-31-afternoon")
                .doesNotContain(linneaId, "danika-sunday-2026-06-14");
    }

    @Test
    void windowHeadingNamesItsDatesInTheMarinasTimeZone() {
        // the local window starts 2026-05-28T00:00Z: in the marina that is still Wednesday afternoon
        assertThat(board.build(false).get("windowText")).isEqualTo("Wednesday, May 27, 2026, 5:00 PM – Tuesday, June 16, 2026, "
                + "4:59 PM Pacific Daylight Time (America/Los_Angeles)");
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
        // a layer that disagrees, or waivers missing within a day of sailing
        assertThat(rows(view)).allMatch(r -> Boolean.TRUE.equals(r.get("attention")));
    }

    private void sign(String eventId, String adult) {
        String payload = "{\"action\":\"submit\",\"eventId\":\"" + eventId + "\",\"participants\":[{\"name\":\"" + adult
                + "\",\"dateOfBirth\":\"1980-01-01\"}],\"signature\":\"" + adult + "\",\"acceptedTerms\":true}";
        assertThat(lambda.invoke(b -> b.functionName("jada-waiver").payload(SdkBytes.fromUtf8String(payload))).functionError()).isNull();
    }

    private static Map<String, Object> row(Map<String, Object> view, String eventId) {
        return rows(view).stream().filter(r -> eventId.equals(r.get("eventId"))).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + eventId));
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
