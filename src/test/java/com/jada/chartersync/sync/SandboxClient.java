package com.jada.chartersync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What an operator does with curl against the calendar sandbox and the edge, for tests. */
public final class SandboxClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String calendarBase;
    private final String tokenUrl;
    private final String edgeBase;
    private volatile String accessToken;

    public SandboxClient(int calendarPort, int edgePort) {
        this.calendarBase = "http://127.0.0.1:" + calendarPort + "/calendar/v3/calendars/jada-internal/events";
        this.tokenUrl = "http://127.0.0.1:" + calendarPort + "/token";
        this.edgeBase = "http://127.0.0.1:" + edgePort;
    }

    /**
     * The calendar answers only with an access token, as Google does: the operator's client refreshes one with the
     * local cloud's refresh token, and once more when the calendar no longer takes it.
     */
    private HttpResponse<String> calendar(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> r = http.send(request.copy().header("Authorization", "Bearer " + accessToken(false)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 401) {
            r = http.send(request.header("Authorization", "Bearer " + accessToken(true)).build(), HttpResponse.BodyHandlers.ofString());
        }
        return r;
    }

    private String accessToken(boolean renew) throws Exception {
        if (accessToken == null || renew) {
            accessToken = accessToken(tokenUrl, com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_ID,
                    com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_SECRET,
                    com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_REFRESH_TOKEN);
        }
        return accessToken;
    }

    /** A fresh access token for the local cloud's own OAuth client, from the calendar sandbox at that port. */
    public static String localAccessToken(int calendarPort) throws Exception {
        return accessToken("http://127.0.0.1:" + calendarPort + "/token",
                com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_ID,
                com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_SECRET,
                com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_REFRESH_TOKEN);
    }

    /** A fresh access token from a token endpoint, by the refresh_token grant. */
    public static String accessToken(String tokenUrl, String clientId, String clientSecret, String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&refresh_token=" + enc(refreshToken);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("token endpoint answered " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Inserts an event; answers its calendar id. */
    public String insertEvent(String summary, String description, String start, String end) throws Exception {
        ObjectNode event = JSON.createObjectNode();
        event.put("summary", summary);
        event.put("description", description);
        event.putObject("start").put("dateTime", start);
        event.putObject("end").put("dateTime", end);
        HttpResponse<String> r = calendar(HttpRequest.newBuilder(URI.create(calendarBase))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))));
        if (r.statusCode() != 200) {
            throw new IOException("insert failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Inserts a recurring event (start and end in the zone Google requires for one); answers its calendar id. */
    public String insertRecurring(String summary, String description, String start, String end, String rule) throws Exception {
        ObjectNode event = JSON.createObjectNode();
        event.put("summary", summary);
        event.put("description", description);
        event.putObject("start").put("dateTime", start).put("timeZone", "America/Los_Angeles");
        event.putObject("end").put("dateTime", end).put("timeZone", "America/Los_Angeles");
        event.putArray("recurrence").add(rule);
        HttpResponse<String> r = calendar(HttpRequest.newBuilder(URI.create(calendarBase))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))));
        if (r.statusCode() != 200) {
            throw new IOException("insert failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Patches an event the way Google's Java client does: POST with X-HTTP-Method-Override: PATCH. */
    public JsonNode patchDescription(String eventId, String description) throws Exception {
        ObjectNode patch = JSON.createObjectNode().put("description", description);
        HttpResponse<String> r = calendar(HttpRequest.newBuilder(URI.create(calendarBase + "/" + eventId))
                .header("Content-Type", "application/json").header("X-HTTP-Method-Override", "PATCH")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(patch))));
        if (r.statusCode() != 200) {
            throw new IOException("patch failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public int deleteEvent(String eventId) throws Exception {
        return calendar(HttpRequest.newBuilder(URI.create(calendarBase + "/" + eventId)).DELETE()).statusCode();
    }

    public HttpResponse<String> edge(String pageKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(edgeBase + "/" + pageKey)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GET as curl would; a calendar URL carries the operator's access token. */
    public HttpResponse<String> get(String url) throws Exception {
        if (url.contains("/calendar/v3/")) {
            return calendar(HttpRequest.newBuilder(URI.create(url)).GET());
        }
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
