package com.jada.chartersync.charter;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * One calendar event read as a charter: what the record and the guest page are made from.
 * {@code crew} is the roster as the dispatch contract spells it, captain first ("Captain Sarah", "Deckhand Gene").
 */
public record CharterEvent(
        String calendarEventId,
        String calendarEtag,
        String calendarUpdated,
        boolean cancelled,
        LocalDate date,
        LocalTime startTime,
        String guestName,
        String eventType,
        Arrival arrival,
        List<String> crew,
        Integer partySize,
        List<ParsedDescription.Minor> minors) {

    /** The same charter, cancelled. */
    public CharterEvent asCancelled() {
        return new CharterEvent(calendarEventId, calendarEtag, calendarUpdated, true, date, startTime, guestName, eventType,
                arrival, crew, partySize, minors);
    }

    public String guestSlug() {
        return Slugs.slug(guestName);
    }

    /** morning, afternoon or evening: the suffix that tells two charters of one guest on one day apart. */
    public String slot() {
        if (startTime == null || startTime.isBefore(LocalTime.NOON)) {
            return "morning";
        }
        return startTime.isBefore(LocalTime.of(17, 0)) ? "afternoon" : "evening";
    }
}
