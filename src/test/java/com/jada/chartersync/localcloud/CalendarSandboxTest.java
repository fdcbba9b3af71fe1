package com.jada.chartersync.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.localcloud.calendar.CalendarSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox refuses what Google refuses and answers as Google answers, so the runtime's calendar logic is proven
 * against the real contract. Written from the Calendar API v3 reference (events.list, events.instances,
 * events.watch, channels.stop, push notifications) and Google's secret iCal address.
 */
class CalendarSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private CalendarSandbox sandbox;
    private String base;
    private String accessToken;

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + accessToken);
    }

    @BeforeEach
    void start() throws Exception {
        sandbox = new CalendarSandbox(null, "cal", "America/Los_Angeles").start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + sandbox.port() + "/calendar/v3/calendars/cal/events";
        accessToken = sandbox.oauth().accessTokenFor(CalendarSandbox.LOCAL_REFRESH_TOKEN);
        for (int i = 1; i <= 5; i++) {
            post("{\"summary\":\"E" + i + "\",\"start\":{\"dateTime\":\"2026-06-0" + i + "T10:00:00-07:00\"},"
                    + "\"end\":{\"dateTime\":\"2026-06-0" + i + "T11:00:00-07:00\"}}");
        }
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void fullSyncPagesThroughTheWindowAndEndsWithASyncToken() throws Exception {
        JsonNode first = get("?timeMin=" + enc("2026-06-02T00:00:00Z") + "&timeMax=" + enc("2026-06-05T00:00:00Z") + "&maxResults=2");
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.has("nextSyncToken")).isFalse();
        JsonNode second = get("?timeMin=" + enc("2026-06-02T00:00:00Z") + "&timeMax=" + enc("2026-06-05T00:00:00Z")
                + "&maxResults=2&pageToken=" + first.get("nextPageToken").asText());
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.get("nextSyncToken").asText()).isNotBlank();
    }

    @Test
    void incrementalSyncReturnsOnlyChangesIncludingDeletions() throws Exception {
        String token = get("").get("nextSyncToken").asText();
        String id = get("").get("items").get(0).get("id").asText();
        http.send(authorized(URI.create(base + "/" + id)).DELETE().build(), HttpResponse.BodyHandlers.discarding());

        JsonNode changes = get("?syncToken=" + enc(token));
        assertThat(changes.get("items")).hasSize(1);
        assertThat(changes.get("items").get(0).get("status").asText()).isEqualTo("cancelled");
        assertThat(changes.get("items").get(0).get("id").asText()).isEqualTo(id);
    }

    @Test
    void syncTokenWithQueryRestrictionsIsRefused() throws Exception {
        String token = get("").get("nextSyncToken").asText();
        HttpResponse<String> r = raw("?syncToken=" + enc(token) + "&timeMin=" + enc("2026-06-01T00:00:00Z"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("syncTokenWithRequestRestrictions");
    }

    @Test
    void expiredOrUnknownTokenAnswersGone() throws Exception {
        String token = get("").get("nextSyncToken").asText();
        sandbox.expireSyncTokens();
        assertThat(raw("?syncToken=" + enc(token)).statusCode()).isEqualTo(410);
        assertThat(raw("?syncToken=bogus").statusCode()).isEqualTo(410);
    }

    @Test
    void patchArrivesAsPostWithMethodOverrideLikeGooglesJavaClientSendsIt() throws Exception {
        String id = get("").get("items").get(0).get("id").asText();
        HttpResponse<String> r = http.send(authorized(URI.create(base + "/" + id))
                .header("X-HTTP-Method-Override", "PATCH").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"description\":\"Guest: New\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode patched = JSON.readTree(r.body());
        assertThat(patched.get("description").asText()).isEqualTo("Guest: New");
        assertThat(patched.get("summary").asText()).startsWith("E");
        assertThat(get("").get("items")).hasSize(5);
    }

    // ---- events.list parameters ---------------------------------------------------------------

    @Test
    void freeTextSearchFindsTheEventByAnyOfItsTextFieldsAndNothingElse() throws Exception {
        post("{\"summary\":\"Danika – Sunset sail\",\"description\":\"Guest: Danika\",\"start\":{\"dateTime\":\"2026-06-14T16:00:00-07:00\"},"
                + "\"end\":{\"dateTime\":\"2026-06-14T20:00:00-07:00\"}}");
        post("{\"summary\":\"Charter\",\"location\":\"Dock B\",\"attendees\":[{\"email\":\"gene@example.com\",\"displayName\":\"Gene Deckhand\"}],"
                + "\"start\":{\"dateTime\":\"2026-06-15T16:00:00-07:00\"},\"end\":{\"dateTime\":\"2026-06-15T20:00:00-07:00\"}}");

        assertThat(get("?q=Danika").get("items")).extracting(i -> i.get("summary").asText()).containsExactly("Danika – Sunset sail");
        assertThat(get("?q=danika%20sunset").get("items")).hasSize(1);
        assertThat(get("?q=dock").get("items")).extracting(i -> i.get("summary").asText()).containsExactly("Charter");
        assertThat(get("?q=gene%40example.com").get("items")).hasSize(1);
        assertThat(get("?q=Deckhand").get("items")).hasSize(1);
        assertThat(get("?q=Nobody").get("items")).isEmpty();
    }

    @Test
    void orderByStartTimeWithoutSingleEventsIsRefused() throws Exception {
        HttpResponse<String> r = raw("?orderBy=startTime");
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(400);
        assertThat(error.get("message").asText()).isEqualTo("The requested ordering is not available for the particular query.");
        assertThat(error.get("errors").get(0).get("domain").asText()).isEqualTo("global");
        assertThat(error.get("errors").get(0).get("reason").asText()).isEqualTo("badRequest");
        assertThat(raw("?orderBy=title").statusCode()).isEqualTo(400);
    }

    @Test
    void orderByStartTimeWithSingleEventsListsInStartOrderAndOrderByUpdatedInChangeOrder() throws Exception {
        JsonNode all = get("?singleEvents=true");
        String last = all.get("items").get(4).get("id").asText();
        patchDescription(last, "touched");
        assertThat(get("?singleEvents=true&orderBy=startTime").get("items")).extracting(i -> i.get("summary").asText())
                .containsExactly("E1", "E2", "E3", "E4", "E5");
        JsonNode byUpdate = get("?orderBy=updated").get("items");
        assertThat(byUpdate.get(byUpdate.size() - 1).get("id").asText()).isEqualTo(last);
    }

    @Test
    void maxResultsDefaultsTo250AndIsCappedAt2500() throws Exception {
        for (int i = 0; i < 2600; i++) {
            sandbox.insert((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("{\"summary\":\"Bulk " + i + "\","
                    + "\"start\":{\"dateTime\":\"2026-07-01T10:00:00-07:00\"},\"end\":{\"dateTime\":\"2026-07-01T11:00:00-07:00\"}}"));
        }
        assertThat(get("").get("items")).hasSize(250);
        assertThat(get("?maxResults=5000").get("items")).hasSize(2500);
        assertThat(get("?maxResults=7").get("items")).hasSize(7);
        assertThat(raw("?maxResults=0").statusCode()).isEqualTo(400);
        assertThat(raw("?maxResults=many").statusCode()).isEqualTo(400);
    }

    @Test
    void timeBoundsMustBeRfc3339WithAnOffsetAndFormANonEmptyRange() throws Exception {
        assertThat(raw("?timeMin=" + enc("2026-06-01T00:00:00")).statusCode()).as("no offset").isEqualTo(400);
        assertThat(raw("?timeMax=2026-06-01").statusCode()).as("a date").isEqualTo(400);
        assertThat(raw("?timeMin=" + enc("2026-06-01T00:00:00-07:00")).statusCode()).isEqualTo(200);
        HttpResponse<String> empty = raw("?timeMin=" + enc("2026-06-03T00:00:00Z") + "&timeMax=" + enc("2026-06-02T00:00:00Z"));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("timeRangeEmpty");
    }

    @Test
    void updatedMinListsOnlyWhatChangedSinceIncludingDeletions() throws Exception {
        JsonNode items = get("").get("items");
        Thread.sleep(5); // a later millisecond than the inserts' updated stamps
        String since = java.time.Instant.now().toString();
        patchDescription(items.get(1).get("id").asText(), "changed");
        http.send(authorized(URI.create(base + "/" + items.get(2).get("id").asText())).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());

        JsonNode changed = get("?updatedMin=" + enc(since)).get("items");
        assertThat(changed).extracting(i -> i.get("id").asText() + ":" + i.get("status").asText())
                .containsExactlyInAnyOrder(items.get(1).get("id").asText() + ":confirmed", items.get(2).get("id").asText() + ":cancelled");
    }

    @Test
    void aFullListWithShowDeletedReturnsTheCancelledEventsAsCancelled() throws Exception {
        String gone = get("").get("items").get(0).get("id").asText();
        http.send(authorized(URI.create(base + "/" + gone)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(get("").get("items")).extracting(i -> i.get("id").asText()).doesNotContain(gone);
        assertThat(get("?showDeleted=true").get("items")).extracting(i -> i.get("id").asText() + ":" + i.get("status").asText())
                .contains(gone + ":cancelled");

        String series = weekly("");
        String third = series + "_20260613T170000Z";
        http.send(authorized(URI.create(base + "/" + third)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(get("?singleEvents=true").get("items")).extracting(i -> i.get("id").asText()).doesNotContain(third);
        assertThat(get("?singleEvents=true&showDeleted=true").get("items"))
                .extracting(i -> i.get("id").asText() + ":" + i.get("status").asText()).contains(third + ":cancelled");
        // the deleted event itself is still there to read in full (a lost record is rebuilt from it)
        JsonNode full = get("/" + gone);
        assertThat(full.get("status").asText()).isEqualTo("cancelled");
        assertThat(full.has("start")).isTrue();
    }

    @Test
    void unknownEventIdAnswersNotFound() throws Exception {
        assertThat(raw("/abcdefghij0123").statusCode()).isEqualTo(404);
        assertThat(raw("/abcdefghij0123_20260601T170000Z").statusCode()).isEqualTo(404);
    }

    @Test
    void insertWithAnIdGoogleWouldRefuseIsRefused() throws Exception {
        HttpResponse<String> r = http.send(authorized(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"Not_Valid!\",\"start\":{\"dateTime\":\"2026-06-01T10:00:00Z\"},"
                        + "\"end\":{\"dateTime\":\"2026-06-01T11:00:00Z\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
    }

    // ---- recurring events ------------------------------------------------------------------------

    private String weekly(String extra) throws Exception {
        return post("{\"summary\":\"Weekly – Sail\",\"description\":\"Guest: Weekly\",\"start\":{\"dateTime\":\"2026-05-30T10:00:00-07:00\","
                + "\"timeZone\":\"America/Los_Angeles\"},\"end\":{\"dateTime\":\"2026-05-30T12:00:00-07:00\",\"timeZone\":\"America/Los_Angeles\"},"
                + "\"recurrence\":[\"RRULE:FREQ=WEEKLY;COUNT=3\"" + extra + "]}").get("id").asText();
    }

    @Test
    void singleEventsExpandsAWeeklyRuleIntoInstancesWithGooglesIds() throws Exception {
        String id = weekly("");
        JsonNode items = get("?singleEvents=true&q=Weekly&orderBy=startTime").get("items");
        assertThat(items).extracting(i -> i.get("id").asText()).containsExactly(
                id + "_20260530T170000Z", id + "_20260606T170000Z", id + "_20260613T170000Z");
        JsonNode second = items.get(1);
        assertThat(second.get("recurringEventId").asText()).isEqualTo(id);
        assertThat(second.get("originalStartTime").get("dateTime").asText()).isEqualTo("2026-06-06T10:00:00-07:00");
        assertThat(second.get("start").get("dateTime").asText()).isEqualTo("2026-06-06T10:00:00-07:00");
        assertThat(second.get("end").get("dateTime").asText()).isEqualTo("2026-06-06T12:00:00-07:00");
        assertThat(second.has("recurrence")).isFalse();
        assertThat(get("?q=Weekly").get("items")).as("without singleEvents: the recurring event itself, once").hasSize(1);
        assertThat(get("?q=Weekly").get("items").get(0).get("recurrence").get(0).asText()).isEqualTo("RRULE:FREQ=WEEKLY;COUNT=3");
        assertThat(get("?singleEvents=true&q=Weekly&timeMin=" + enc("2026-06-05T00:00:00Z") + "&timeMax=" + enc("2026-06-10T00:00:00Z"))
                .get("items")).extracting(i -> i.get("id").asText()).containsExactly(id + "_20260606T170000Z");
    }

    @Test
    void excludedDateIsNoInstanceAndAnInfiniteRuleStopsAtTheWindow() throws Exception {
        String id = weekly(",\"EXDATE;TZID=America/Los_Angeles:20260606T100000\"");
        assertThat(get("?singleEvents=true&q=Weekly").get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(id + "_20260530T170000Z", id + "_20260613T170000Z");
        String daily = post("{\"summary\":\"Daily\",\"start\":{\"dateTime\":\"2026-06-01T08:00:00-07:00\",\"timeZone\":\"America/Los_Angeles\"},"
                + "\"end\":{\"dateTime\":\"2026-06-01T09:00:00-07:00\",\"timeZone\":\"America/Los_Angeles\"},\"recurrence\":[\"RRULE:FREQ=DAILY\"]}")
                .get("id").asText();
        assertThat(get("?singleEvents=true&q=Daily&timeMin=" + enc("2026-06-01T00:00:00Z") + "&timeMax=" + enc("2026-06-08T00:00:00Z"))
                .get("items")).hasSize(7).allMatch(i -> i.get("recurringEventId").asText().equals(daily));
    }

    @Test
    void recurringEventWithoutAStartTimeZoneOrWithABrokenRuleIsRefused() throws Exception {
        HttpResponse<String> noZone = postRaw("{\"summary\":\"X\",\"start\":{\"dateTime\":\"2026-05-30T10:00:00-07:00\"},"
                + "\"end\":{\"dateTime\":\"2026-05-30T12:00:00-07:00\"},\"recurrence\":[\"RRULE:FREQ=WEEKLY;COUNT=3\"]}");
        assertThat(noZone.statusCode()).isEqualTo(400);
        assertThat(noZone.body()).contains("Missing time zone definition for start time.");
        HttpResponse<String> broken = postRaw("{\"summary\":\"X\",\"start\":{\"dateTime\":\"2026-05-30T10:00:00-07:00\",\"timeZone\":\"America/Los_Angeles\"},"
                + "\"end\":{\"dateTime\":\"2026-05-30T12:00:00-07:00\"},\"recurrence\":[\"RRULE:FREQ=SOMETIMES\"]}");
        assertThat(broken.statusCode()).isEqualTo(400);
    }

    @Test
    void anInstanceIsReadPatchedAndDeletedByItsIdAndIncrementalSyncReportsIt() throws Exception {
        String id = weekly("");
        String second = id + "_20260606T170000Z";
        String token = get("").get("nextSyncToken").asText();
        assertThat(get("/" + second).get("recurringEventId").asText()).isEqualTo(id);

        patchDescription(second, "Guest: Weekly\nCaptain: Sarah");
        JsonNode changes = get("?singleEvents=true&syncToken=" + enc(token));
        assertThat(changes.get("items")).extracting(i -> i.get("id").asText()).containsExactly(second);
        assertThat(get("?singleEvents=true&q=Sarah").get("items")).extracting(i -> i.get("id").asText()).containsExactly(second);

        token = changes.get("nextSyncToken").asText();
        String third = id + "_20260613T170000Z";
        assertThat(http.send(authorized(URI.create(base + "/" + third)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        JsonNode deleted = get("?singleEvents=true&syncToken=" + enc(token)).get("items");
        assertThat(deleted).extracting(i -> i.get("id").asText() + ":" + i.get("status").asText()).containsExactly(third + ":cancelled");
        assertThat(get("?singleEvents=true&q=Weekly").get("items")).extracting(i -> i.get("id").asText())
                .containsExactly(id + "_20260530T170000Z", second);
        assertThat(get("/" + id + "/instances").get("items")).hasSize(2);
    }

    @Test
    void incrementalSyncOfAChangedSeriesReturnsEveryInstanceAndCancelsTheExcludedOnes() throws Exception {
        String id = weekly("");
        String token = get("?singleEvents=true").get("nextSyncToken").asText();
        HttpResponse<String> r = http.send(authorized(URI.create(base + "/" + id))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"recurrence\":[\"RRULE:FREQ=WEEKLY;COUNT=3\",\"EXDATE;TZID=America/Los_Angeles:20260613T100000\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode changes = get("?singleEvents=true&syncToken=" + enc(token)).get("items");
        assertThat(changes).extracting(i -> i.get("id").asText() + ":" + i.get("status").asText()).containsExactly(
                id + "_20260530T170000Z:confirmed", id + "_20260606T170000Z:confirmed", id + "_20260613T170000Z:cancelled");
        assertThat(get("?syncToken=" + enc(token)).get("items")).as("without singleEvents: the series itself").hasSize(1);
    }

    // ---- the secret iCal address ---------------------------------------------------------------

    @Test
    void feedServesTheCalendarAsICalendarAndAnswers304WhileUnchanged() throws Exception {
        String id = weekly(",\"EXDATE;TZID=America/Los_Angeles:20260606T100000\"");
        String feed = "http://127.0.0.1:" + sandbox.port() + sandbox.icalPath();
        assertThat(sandbox.icalPath()).isEqualTo("/calendar/ical/cal/private-local/basic.ics");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(feed)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/calendar"));
        assertThat(r.body()).startsWith("BEGIN:VCALENDAR\r\n").contains("BEGIN:VTIMEZONE\r\nTZID:America/Los_Angeles",
                "UID:" + id + "@google.com", "RRULE:FREQ=WEEKLY;COUNT=3", "EXDATE;TZID=America/Los_Angeles:20260606T100000",
                "DTSTART;TZID=America/Los_Angeles:20260530T100000", "SUMMARY:E1");
        assertThat(r.body().split("\r\n")).allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= 75);
        String etag = r.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(feed)).header("If-None-Match", etag).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        String lastModified = r.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(feed)).header("If-Modified-Since", lastModified).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);

        patchDescription(get("").get("items").get(0).get("id").asText(), "Guest: Someone, with a comma; and a semicolon");
        HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create(feed)).header("If-None-Match", etag).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("DESCRIPTION:Guest: Someone\\, with a comma\\; and a semicolon");
    }

    @Test
    void feedWithAWrongTokenOrCalendarAnswersNotFound() throws Exception {
        String host = "http://127.0.0.1:" + sandbox.port();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(host + "/calendar/ical/cal/private-guess/basic.ics")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(host + "/calendar/ical/other/private-local/basic.ics")).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }

    @Test
    void deletedEventsLeaveTheFeedAndADeletedInstanceBecomesAnExdate() throws Exception {
        String gone = get("").get("items").get(0).get("id").asText();
        String id = weekly("");
        http.send(authorized(URI.create(base + "/" + gone)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        http.send(authorized(URI.create(base + "/" + id + "_20260606T170000Z")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        patchDescription(id + "_20260613T170000Z", "Guest: Weekly\nCaptain: Gene");
        String feed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + sandbox.icalPath())).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(feed).doesNotContain("UID:" + gone + "@google.com")
                .contains("EXDATE;TZID=America/Los_Angeles:20260606T100000")
                .contains("RECURRENCE-ID;TZID=America/Los_Angeles:20260613T100000", "DESCRIPTION:Guest: Weekly\\nCaptain: Gene");
    }

    // ---- push notifications --------------------------------------------------------------------

    @Test
    void watchPostsSyncFirstThenExistsOnEachChangeWithGooglesHeaders() throws Exception {
        try (Receiver receiver = new Receiver()) {
            JsonNode channel = watch("{\"id\":\"chan-1\",\"type\":\"web_hook\",\"address\":\"" + receiver.url()
                    + "\",\"token\":\"secret-token\",\"params\":{\"ttl\":\"3600\"}}");
            assertThat(channel.get("kind").asText()).isEqualTo("api#channel");
            assertThat(channel.get("id").asText()).isEqualTo("chan-1");
            assertThat(channel.get("resourceId").asText()).isNotBlank();
            long expiration = Long.parseLong(channel.get("expiration").asText());
            assertThat(expiration - System.currentTimeMillis()).isBetween(3_500_000L, 3_600_000L);

            receiver.await(1);
            patchDescription(get("").get("items").get(0).get("id").asText(), "changed");
            receiver.await(2);

            java.util.Map<String, String> sync = receiver.received.get(0);
            assertThat(sync).containsEntry("x-goog-resource-state", "sync").containsEntry("x-goog-message-number", "1")
                    .containsEntry("x-goog-channel-id", "chan-1").containsEntry("x-goog-channel-token", "secret-token")
                    .containsEntry("x-goog-resource-id", channel.get("resourceId").asText())
                    .containsKeys("x-goog-resource-uri", "x-goog-channel-expiration");
            assertThat(receiver.received.get(1)).containsEntry("x-goog-resource-state", "exists").containsEntry("x-goog-message-number", "2");
        }
    }

    @Test
    void stoppedChannelPostsNothingMoreAndAnUnknownChannelCannotBeStopped() throws Exception {
        try (Receiver receiver = new Receiver()) {
            JsonNode channel = watch("{\"id\":\"chan-2\",\"type\":\"web_hook\",\"address\":\"" + receiver.url() + "\"}");
            receiver.await(1);
            HttpResponse<String> stop = channelsStop("{\"id\":\"chan-2\",\"resourceId\":\"" + channel.get("resourceId").asText() + "\"}");
            assertThat(stop.statusCode()).isEqualTo(204);
            assertThat(sandbox.openChannelIds()).isEmpty();
            assertThat(channelsStop("{\"id\":\"chan-2\",\"resourceId\":\"" + channel.get("resourceId").asText() + "\"}").statusCode())
                    .isEqualTo(404);
            // a change after the stop, then one on a fresh channel: the fresh one's sync is the next delivery
            patchDescription(get("").get("items").get(0).get("id").asText(), "after stop");
            watch("{\"id\":\"chan-3\",\"type\":\"web_hook\",\"address\":\"" + receiver.url() + "\"}");
            receiver.await(2);
            assertThat(receiver.received.get(1)).containsEntry("x-goog-channel-id", "chan-3").containsEntry("x-goog-resource-state", "sync");
        }
    }

    @Test
    void watchRefusesPlainHttpOffLoopbackADuplicateIdAndAnUnknownType() throws Exception {
        assertThat(watchRaw("{\"id\":\"c\",\"type\":\"web_hook\",\"address\":\"http://example.com/hook\"}").body())
                .contains("WebHook callback must be HTTPS");
        assertThat(watchRaw("{\"id\":\"c\",\"type\":\"carrier_pigeon\",\"address\":\"https://example.com/hook\"}").statusCode()).isEqualTo(400);
        assertThat(watchRaw("{\"id\":\"d\",\"type\":\"web_hook\",\"address\":\"https://example.com/hook\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> duplicate = watchRaw("{\"id\":\"d\",\"type\":\"web_hook\",\"address\":\"https://example.com/hook\"}");
        assertThat(duplicate.statusCode()).isEqualTo(400);
        assertThat(duplicate.body()).contains("channelIdNotUnique");
    }

    private JsonNode watch(String body) throws Exception {
        HttpResponse<String> r = watchRaw(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> watchRaw(String body) throws Exception {
        return http.send(authorized(URI.create(base + "/watch")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> channelsStop(String body) throws Exception {
        return http.send(authorized(URI.create("http://127.0.0.1:" + sandbox.port() + "/calendar/v3/channels/stop"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A webhook receiver on loopback that keeps the headers of every notification it gets. */
    private static final class Receiver implements AutoCloseable {
        final java.util.List<java.util.Map<String, String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final com.sun.net.httpserver.HttpServer server;

        Receiver() throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 8);
            server.createContext("/hook", exchange -> {
                java.util.Map<String, String> headers = new java.util.TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                received.add(headers);
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void await(int count) throws InterruptedException {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (received.size() < count && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(received).hasSizeGreaterThanOrEqualTo(count);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private JsonNode get(String query) throws Exception {
        HttpResponse<String> r = raw(query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> raw(String query) throws Exception {
        return http.send(authorized(URI.create(base + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> r = postRaw(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> postRaw(String body) throws Exception {
        return http.send(authorized(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void patchDescription(String id, String description) throws Exception {
        HttpResponse<String> r = http.send(authorized(URI.create(base + "/" + id))
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        JSON.createObjectNode().put("description", description).toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
