package com.jada.chartersync.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.sync.SyncCycles;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Sends a dead letter's original payload through the normal path again; resolves the dead letter when that
 * path now succeeds, keeps it (counted again, with the new reason) when it fails again.
 */
@Component
public class DeadLetterReplayer {

    private final DeadLetterStore store;
    private final SyncCycles cycles;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetterReplayer(DeadLetterStore store, SyncCycles cycles) {
        this.store = store;
        this.cycles = cycles;
    }

    public Outcome replay(String id) throws IOException {
        Map<String, AttributeValue> letter = store.get(id);
        if (letter == null || letter.get("status") != null && DeadLetterStore.RESOLVED.equals(letter.get("status").s())) {
            return null;
        }
        String type = letter.get("payloadType").s();
        String payload = letter.get("payload").s();
        CycleSummary summary = switch (type) {
            case "Event" -> cycles.runPayload("replay:" + id, "direct:process-events",
                    List.of(GsonFactory.getDefaultInstance().fromString(payload, Event.class)));
            case "EventList" -> cycles.runPayload("replay:" + id, "direct:process-events", events(payload));
            case "PublishedPage" -> cycles.runPayload("replay:" + id, "direct:verify-pages",
                    json.readValue(payload, PublishedPage.class));
            default -> throw new NotReplayableException("dead letter " + id + " holds a " + type
                    + " payload, which has no path to replay into; run a sync instead");
        };
        // a failed replay raises the same entry's occurrence count (one entry per event version and step)
        boolean succeeded = summary.deadLettered() == 0 && summary.failures().isEmpty();
        if (succeeded) {
            store.markResolved(id);
        }
        return new Outcome(id, succeeded, summary);
    }

    private static List<Event> events(String payload) throws IOException {
        List<Event> out = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode node : new ObjectMapper().readTree(payload)) {
            out.add(GsonFactory.getDefaultInstance().fromString(node.toString(), Event.class));
        }
        return out;
    }

    public record Outcome(String id, boolean replayed, CycleSummary summary) {
    }

    public static class NotReplayableException extends RuntimeException {
        public NotReplayableException(String message) {
            super(message);
        }
    }
}
