package com.jada.chartersync.charter;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a Google Calendar event into a {@link CharterEvent}, or says precisely why it cannot. */
public class CalendarEventMapper {

    private static final Pattern SUMMARY_SEPARATOR = Pattern.compile("\\s+[-–—|]\\s+|:\\s+");
    private static final int MAX_NAME = 80;

    private final DescriptionParser parser;
    private final ZoneId zone;

    public CalendarEventMapper(DescriptionParser parser, ZoneId zone) {
        this.parser = parser;
        this.zone = zone;
    }

    public CharterEvent toCharterEvent(Event event) {
        if (event == null || event.getId() == null) {
            throw new InvalidCharterEventException("calendar event without an id");
        }
        String updated = event.getUpdated() == null ? null : event.getUpdated().toStringRfc3339();
        if ("cancelled".equals(event.getStatus())) {
            // a cancelled event read in full (to rebuild its lost record) keeps its date and guest
            CharterEvent full = null;
            try {
                full = event.getStart() == null ? null : scheduled(event, updated);
            } catch (InvalidCharterEventException notACharter) {
                // then it is only the cancellation of whatever the id names
            }
            return full != null ? full.asCancelled() : new CharterEvent(event.getId(), event.getEtag(), updated, true,
                    null, null, null, null, null, List.of(), null, List.of());
        }
        return scheduled(event, updated);
    }

    private CharterEvent scheduled(Event event, String updated) {
        ParsedDescription d = parser.parse(event.getDescription());
        ZonedDateTime start = start(event.getStart());
        if (start == null) {
            throw new InvalidCharterEventException("event " + event.getId() + " has no start date");
        }
        String guest = d.guest() != null ? d.guest() : guestFromSummary(event.getSummary());
        if (guest == null || guest.isBlank()) {
            throw new InvalidCharterEventException("event " + event.getId()
                    + " names no guest: no 'Guest:' line in the description and no name in the summary"
                    + (d.problems().isEmpty() ? "" : "; also " + String.join("; ", d.problems())));
        }
        guest = clean(guest);
        if (guest.length() > MAX_NAME) {
            throw new InvalidCharterEventException("event " + event.getId() + " guest name is longer than "
                    + MAX_NAME + " characters");
        }
        List<String> crew = new ArrayList<>();
        if (d.captain() != null) {
            crew.add("Captain " + clean(d.captain()));
        }
        d.crew().forEach(c -> crew.add("Deckhand " + clean(c)));
        String type = d.type() != null ? clean(d.type()).toLowerCase().replace(' ', '-') : "charter";
        LocalDate date = start.toLocalDate();
        LocalTime startTime = event.getStart().getDateTime() == null ? null : start.toLocalTime();
        return new CharterEvent(event.getId(), event.getEtag(), updated, false, date, startTime, guest, type,
                d.arrival(), List.copyOf(crew), d.partySize(), d.minors());
    }

    static String guestFromSummary(String summary) {
        if (summary == null || summary.isBlank()) {
            return null;
        }
        String first = SUMMARY_SEPARATOR.split(summary.strip(), 2)[0].strip();
        return first.isEmpty() ? null : first;
    }

    private static String clean(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    private ZonedDateTime start(EventDateTime start) {
        if (start == null) {
            return null;
        }
        DateTime dt = start.getDateTime();
        if (dt != null) {
            return Instant.ofEpochMilli(dt.getValue()).atZone(zone);
        }
        if (start.getDate() != null) {
            return LocalDate.parse(start.getDate().toStringRfc3339().substring(0, 10)).atStartOfDay(zone);
        }
        return null;
    }
}
