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

/** The sandbox enforces Google's sync contract, so the runtime's incremental logic is proven against it. */
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

    private JsonNode get(String query) throws Exception {
        HttpResponse<String> r = raw(query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> raw(String query) throws Exception {
        return http.send(authorized(URI.create(base + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String body) throws Exception {
        http.send(authorized(URI.create(base)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
