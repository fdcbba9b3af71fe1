package com.jada.chartersync.deadletter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One dead letter as stored (and as the journal keeps it while the table is unavailable).
 *
 * @param calendarEtag the calendar version the failure belongs to (null for a list of events): a newer version of
 *                     the same event supersedes the entry
 * @param cause        {@link RedrivePolicy.Cause#stored()}: whether later cycles redrive it or it waits for the event
 *                     to change (null in entries written before the redrive existed: then read from the exception)
 * @param nextTryAt    when a redrive first takes it again (null when it waits for the event to change)
 */
public record DeadLetterEntry(String id, String routeId, String reason, String exception, String payloadType,
                              String payload, String calendarEventId, String calendarEtag, String eventRef,
                              String cycleId, Instant at, String cause, Instant nextTryAt) {

    /** The entry as the API lists it before the table holds it (the journal's entries). */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("failedAt", at.toString());
        m.put("lastSeenAt", at.toString());
        m.put("routeId", routeId);
        m.put("reason", reason);
        m.put("exception", exception);
        if (eventRef != null) {
            m.put("eventRef", eventRef);
        }
        if (calendarEventId != null) {
            m.put("calendarEventId", calendarEventId);
        }
        if (calendarEtag != null) {
            m.put("calendarEtag", calendarEtag);
        }
        m.put("payloadType", payloadType);
        m.put("payload", payload);
        m.put("status", DeadLetterTable.UNRESOLVED);
        m.put("occurrences", 1);
        m.put("attempts", 0);
        if (cause != null) {
            m.put("cause", cause);
        }
        if (nextTryAt != null) {
            m.put("nextTryAt", nextTryAt.toString());
        }
        return m;
    }
}
