package com.jada.chartersync.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the runtime keeps in memory about one unresolved dead letter: enough to resolve it, supersede it and
 * redrive it without reading the table again.
 *
 * @param calendarEventIds the calendar events it belongs to (several for a failed invalidation of a run's events)
 * @param calendarEtag     the calendar version it failed with; null when it belongs to several events
 * @param nextTryAt        when a redrive takes it again; null when it waits for the event to change
 */
public record OpenLetter(String id, List<String> calendarEventIds, String calendarEtag, String routeId,
                         RedrivePolicy.Cause cause, Instant failedAt, int attempts, Instant nextTryAt,
                         boolean givenUp) {

    static OpenLetter of(DeadLetterEntry e) {
        return new OpenLetter(e.id(), List.of(e.calendarEventId().split(",")), e.calendarEtag(), e.routeId(),
                RedrivePolicy.Cause.of(e.cause(), e.exception()), e.at(), 0, e.nextTryAt(), false);
    }

    /** From the table's plain values; null for an entry that belongs to no calendar event. */
    static OpenLetter of(Map<String, Object> letter) {
        Object ids = letter.get("calendarEventId");
        if (ids == null) {
            return null;
        }
        Object attempts = letter.get("attempts");
        RedrivePolicy.Cause cause = RedrivePolicy.Cause.of((String) letter.get("cause"), (String) letter.get("exception"));
        Instant failedAt = instant(letter.get("failedAt"));
        Instant next = instant(letter.get("nextTryAt"));
        // an entry stored before the redrive existed is due at once
        if (next == null && cause == RedrivePolicy.Cause.TRANSIENT) {
            next = failedAt;
        }
        return new OpenLetter(String.valueOf(letter.get("id")), List.of(ids.toString().split(",")),
                (String) letter.get("calendarEtag"), String.valueOf(letter.get("routeId")), cause, failedAt,
                attempts instanceof Integer n ? n : 0, next, DeadLetterTable.GIVEN_UP.equals(letter.get("status")));
    }

    /** A redrive may take it now: its cause can pass, it is not given up, and its backoff has run out. */
    boolean due(Instant now) {
        return !givenUp && cause == RedrivePolicy.Cause.TRANSIENT && nextTryAt != null && !nextTryAt.isAfter(now);
    }

    OpenLetter tried(int attempts, Instant nextTryAt) {
        return new OpenLetter(id, calendarEventIds, calendarEtag, routeId, cause, failedAt, attempts, nextTryAt, false);
    }

    OpenLetter givingUp() {
        return new OpenLetter(id, calendarEventIds, calendarEtag, routeId, cause, failedAt, attempts, null, true);
    }

    Duration age(Instant now) {
        return failedAt == null ? Duration.ZERO : Duration.between(failedAt, now);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value.toString());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
