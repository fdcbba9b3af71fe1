package com.jada.chartersync.localcloud.calendar;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The calendar as Google's secret iCal address serves it ({@code basic.ics}): one VEVENT per event, recurring
 * events with their RRULE/RDATE/EXDATE lines, a deleted instance as an EXDATE of its series, a changed instance as
 * a VEVENT with RECURRENCE-ID; deleted events are simply absent. Text is escaped and lines folded at 75 octets
 * (RFC 5545 3.1, 3.3.11). DTSTAMP is the time of the request, as in Google's feed.
 */
final class IcalFeedWriter {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final StringBuilder out = new StringBuilder(16 * 1024);

    private IcalFeedWriter() {
    }

    /**
     * @param events the stored events (masters, single events and instance exceptions), cancelled ones included
     */
    static String write(String calendarId, String timeZone, Collection<? extends JsonNode> events) {
        IcalFeedWriter w = new IcalFeedWriter();
        w.line("BEGIN:VCALENDAR");
        w.line("PRODID:-//Google Inc//Google Calendar 70.9054//EN");
        w.line("VERSION:2.0");
        w.line("CALSCALE:GREGORIAN");
        w.line("METHOD:PUBLISH");
        w.line("X-WR-CALNAME:" + escape(calendarId));
        w.line("X-WR-TIMEZONE:" + timeZone);
        w.timeZone(timeZone);
        String stamp = UTC.format(Instant.now());
        Map<String, List<JsonNode>> cancelledInstances = new java.util.HashMap<>();
        for (JsonNode e : events) {
            if (e.hasNonNull("recurringEventId") && "cancelled".equals(e.path("status").asText())) {
                cancelledInstances.computeIfAbsent(e.get("recurringEventId").asText(), k -> new java.util.ArrayList<>()).add(e);
            }
        }
        for (JsonNode e : events) {
            if ("cancelled".equals(e.path("status").asText())) {
                continue;
            }
            w.event(e, stamp, cancelledInstances.getOrDefault(e.get("id").asText(), List.of()));
        }
        w.line("END:VCALENDAR");
        return w.out.toString();
    }

    private void event(JsonNode e, String stamp, List<JsonNode> cancelledInstances) {
        String id = e.get("id").asText();
        boolean exception = e.hasNonNull("recurringEventId");
        line("BEGIN:VEVENT");
        time("DTSTART", e.path("start"));
        time("DTEND", e.path("end"));
        if (SandboxRecurrence.isRecurring(e)) {
            for (JsonNode r : e.get("recurrence")) {
                line(r.asText());
            }
            for (JsonNode c : cancelledInstances) {
                time("EXDATE", c.path("originalStartTime"));
            }
        }
        line("DTSTAMP:" + stamp);
        line("UID:" + (exception ? e.get("recurringEventId").asText() : id) + "@google.com");
        if (exception) {
            time("RECURRENCE-ID", e.path("originalStartTime"));
        }
        line("CREATED:" + UTC.format(Instant.parse(e.path("created").asText(e.path("updated").asText()))));
        if (e.hasNonNull("description")) {
            line("DESCRIPTION:" + escape(e.get("description").asText()));
        }
        line("LAST-MODIFIED:" + UTC.format(Instant.parse(e.get("updated").asText())));
        line("LOCATION:" + escape(e.path("location").asText("")));
        line("SEQUENCE:" + e.path("sequence").asInt());
        line("STATUS:" + e.path("status").asText("confirmed").toUpperCase());
        line("SUMMARY:" + escape(e.path("summary").asText("")));
        line("TRANSP:OPAQUE");
        line("END:VEVENT");
    }

    /** A DATE-TIME in the event's own zone (TZID) when it has one, otherwise in UTC; a DATE for all-day events. */
    private void time(String name, JsonNode t) {
        if (t.hasNonNull("date")) {
            line(name + ";VALUE=DATE:" + DATE.format(LocalDate.parse(t.get("date").asText())));
            return;
        }
        OffsetDateTime at = OffsetDateTime.parse(t.get("dateTime").asText());
        if (t.hasNonNull("timeZone")) {
            ZonedDateTime local = at.atZoneSameInstant(ZoneId.of(t.get("timeZone").asText()));
            line(name + ";TZID=" + t.get("timeZone").asText() + ":" + LOCAL.format(local));
        } else {
            line(name + ":" + UTC.format(at.toInstant()));
        }
    }

    /** The zone's VTIMEZONE as ical4j ships it (tzurl.org's definitions), so TZID references resolve. */
    private void timeZone(String zone) {
        try (InputStream in = IcalFeedWriter.class.getClassLoader().getResourceAsStream("zoneinfo/" + zone + ".ics")) {
            if (in == null) {
                return;
            }
            String ics = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
            int begin = ics.indexOf("BEGIN:VTIMEZONE");
            int end = ics.indexOf("END:VTIMEZONE");
            if (begin < 0 || end < 0) {
                return;
            }
            for (String l : ics.substring(begin, end + "END:VTIMEZONE".length()).split("\n")) {
                if (l.startsWith(" ") && out.length() > 0) {
                    // already folded in the resource: keep the continuation as it is
                    out.append(l).append("\r\n");
                } else if (!l.isBlank()) {
                    line(l);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n");
    }

    /** Appends one content line, folded so that no physical line exceeds 75 octets of UTF-8. */
    private void line(String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 75) {
            out.append(content).append("\r\n");
            return;
        }
        int limit = 75;
        int octets = 0;
        StringBuilder physical = new StringBuilder();
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                out.append(physical).append("\r\n ");
                physical.setLength(0);
                octets = 0;
                limit = 74; // the leading space counts
            }
            physical.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append(physical).append("\r\n");
    }
}
