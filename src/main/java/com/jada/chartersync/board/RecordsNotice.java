package com.jada.chartersync.board;

import com.google.api.services.calendar.model.Event;

import java.util.List;

/**
 * What the board says in place of its charters when the records of the page's days could not be read: that they
 * could not, why, and how many charters the calendar holds meanwhile, never "no charters" (an empty answer and a
 * failed read must not look alike).
 */
final class RecordsNotice {

    private RecordsNotice() {
    }

    /** Null when the records were read. */
    static String of(String recordsError, List<Event> calendar) {
        if (recordsError == null) {
            return null;
        }
        long scheduled = calendar == null ? -1 : calendar.stream().filter(e -> !"cancelled".equals(e.getStatus())).count();
        return "The charter records of these days could not be read from DynamoDB (" + recordsError
                + "), so their charters are not shown"
                + (scheduled < 0 ? "; the calendar could not be read either."
                : scheduled == 0 ? "; the calendar holds no charter on these days."
                : "; the calendar holds " + scheduled + (scheduled == 1 ? " charter" : " charters") + " on these days.");
    }
}
