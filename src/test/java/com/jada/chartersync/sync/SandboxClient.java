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
    private final String edgeBase;

    public SandboxClient(int calendarPort, int edgePort) {
        this.calendarBase = "http://127.0.0.1:" + calendarPort + "/calendar/v3/calendars/jada-internal/events";
        this.edgeBase = "http://127.0.0.1:" + edgePort;
    }

    /** Inserts an event; answers its calendar id. */
    public String insertEvent(String summary, String description, String start, String end) throws Exception {
        ObjectNode event = JSON.createObjectNode();
        event.put("summary", summary);
        event.put("description", description);
        event.putObject("start").put("dateTime", start);
        event.putObject("end").put("dateTime", end);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(calendarBase))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.ofString());
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
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(calendarBase))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("insert failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("id").asText();
    }

    /** Patches an event the way Google's Java client does: POST with X-HTTP-Method-Override: PATCH. */
    public JsonNode patchDescription(String eventId, String description) throws Exception {
        ObjectNode patch = JSON.createObjectNode().put("description", description);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(calendarBase + "/" + eventId))
                .header("Content-Type", "application/json").header("X-HTTP-Method-Override", "PATCH")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(patch))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("patch failed: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    public int deleteEvent(String eventId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(calendarBase + "/" + eventId)).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    public HttpResponse<String> edge(String pageKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(edgeBase + "/" + pageKey)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
