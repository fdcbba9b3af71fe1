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
 * The operator's replay of one dead letter: for an entry of calendar events, the same redrive later cycles make
 * ({@link DeadLetterRedrive}), now: the events' current versions through every layer, never the stored payload
 * (which may be a superseded version). It is resolved when that succeeds, and kept (counted, with its reason) when
 * it fails again. Only an entry that belongs to no calendar event sends its stored payload through its path.
 */
@Component
public class DeadLetterReplayer {

    private final DeadLetterStore store;
    private final DeadLetterRedrive redrive;
    private final SyncCycles cycles;
    private final ObjectMapper json = new ObjectMapper();

    public DeadLetterReplayer(DeadLetterStore store, DeadLetterRedrive redrive, SyncCycles cycles) {
        this.store = store;
        this.redrive = redrive;
        this.cycles = cycles;
    }

    public Outcome replay(String id) throws IOException {
        Map<String, AttributeValue> letter = store.get(id);
        if (letter == null || resolved(letter)) {
            return null;
        }
        OpenLetter open = OpenLetter.of(DeadLetterTable.plain(letter));
        if (open != null) {
            CycleSummary summary = redrive.redriveNow(open);
            Map<String, AttributeValue> after = store.get(id);
            return new Outcome(id, after == null || resolved(after), summary);
        }
        String type = letter.get("payloadType").s();
        String payload = letter.get("payload").s();
        CycleSummary summary = switch (type) {
            case "Event" -> cycles.runPayload("replay:" + id, "direct:cycle-publish",
                    List.of(GsonFactory.getDefaultInstance().fromString(payload, Event.class)));
            case "PublishedPage" -> cycles.runPayload("replay:" + id, "direct:pages-verify",
                    json.readValue(payload, PublishedPage.class));
            default -> throw new NotReplayableException("dead letter " + id + " holds a " + type
                    + " payload, which has no path to replay into; run a sync instead");
        };
        boolean succeeded = summary.deadLettered() == 0 && summary.failures().isEmpty();
        if (succeeded) {
            store.markResolved(id);
        }
        return new Outcome(id, succeeded, summary);
    }

    private static boolean resolved(Map<String, AttributeValue> letter) {
        return letter.get("status") != null && DeadLetterTable.RESOLVED.equals(letter.get("status").s());
    }

    public record Outcome(String id, boolean replayed, CycleSummary summary) {
    }

    public static class NotReplayableException extends RuntimeException {
        public NotReplayableException(String message) {
            super(message);
        }
    }
}
