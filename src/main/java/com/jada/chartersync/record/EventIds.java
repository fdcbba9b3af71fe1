package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;

import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code eventId} and page-key scheme of DESIGN.md sections 3 and 4. */
public final class EventIds {

    private static final Pattern ID = Pattern.compile(
            "^(.+)-(monday|tuesday|wednesday|thursday|friday|saturday|sunday)-(\\d{4}-\\d{2}-\\d{2})(?:-(.+))?$");

    private EventIds() {
    }

    /** {@code <guest-slug>-<weekday>-<yyyy-mm-dd>}, the weekday computed from the date. */
    public static String baseId(CharterEvent event) {
        return event.guestSlug() + "-" + weekday(event.date()) + "-" + event.date();
    }

    /** Candidate ids in the order they are tried: base, base-slot, base-slot-2, ... */
    public static String candidate(CharterEvent event, int attempt) {
        String base = baseId(event);
        if (attempt == 0) {
            return base;
        }
        return base + "-" + event.slot() + (attempt == 1 ? "" : "-" + attempt);
    }

    static String weekday(LocalDate date) {
        return date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    /**
     * {@code <yyyy-mm-dd>/<guest-slug>[-<slot>]-guest.html}, derived from the id once, when the record is first
     * linked, and kept. Works for hand-made ids whose weekday is wrong (the seed's Quinn).
     */
    public static String pageKey(String eventId, CharterEvent event) {
        Matcher m = ID.matcher(eventId);
        if (m.matches()) {
            return m.group(3) + "/" + m.group(1) + (m.group(4) == null ? "" : "-" + m.group(4)) + "-guest.html";
        }
        return event.date() + "/" + eventId + "-guest.html";
    }
}
