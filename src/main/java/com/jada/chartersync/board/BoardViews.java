package com.jada.chartersync.board;

import com.jada.chartersync.cycle.CycleSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.jada.chartersync.text.Display.orDash;

/** The board's views of the last cycles and the open dead letters, times in the marina's zone. */
final class BoardViews {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM d, h:mm:ss a z", Locale.US);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("EEE, MMM d", Locale.US);
    private static final DateTimeFormatter LINK_DAY = DateTimeFormatter.ofPattern("EEE d", Locale.US);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzzz", Locale.US);

    private final ZoneId zone;

    BoardViews(ZoneId zone) {
        this.zone = zone;
    }

    Map<String, Object> cycle(CycleSummary c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cycleId", c.cycleId());
        m.put("trigger", orDash(c.trigger()));
        m.put("calendarRead", orDash(c.calendarRead()));
        m.put("startedAt", c.startedAt() == null ? "—" : stamp(c.startedAt()));
        m.put("durationMs", c.durationMs());
        m.put("eventsSeen", c.eventsSeen());
        m.put("eventsChanged", c.eventsChanged());
        m.put("pagesUploaded", c.pagesUploaded());
        m.put("pathsInvalidated", c.pathsInvalidated());
        m.put("pagesVerified", c.pagesVerified());
        m.put("deadLettered", c.deadLettered());
        m.put("failures", c.failures() == null ? List.of() : c.failures());
        m.put("ok", c.deadLettered() == 0 && (c.failures() == null || c.failures().isEmpty()));
        return m;
    }

    Map<String, Object> letter(Map<String, Object> letter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(letter.get("id")));
        m.put("failedAt", letter.get("failedAt") == null ? "—" : stamp(String.valueOf(letter.get("failedAt"))));
        m.put("routeId", orDash((String) letter.get("routeId")));
        m.put("reason", orDash((String) letter.get("reason")));
        m.put("eventRef", orDash((String) letter.get("eventRef")));
        m.put("attempts", letter.get("attempts") == null ? 0 : letter.get("attempts"));
        m.put("nextTry", letter.get("nextTryAt") == null ? "—" : stamp(String.valueOf(letter.get("nextTryAt"))));
        m.put("givenUp", letter.get("givenUpReason") == null ? "" : String.valueOf(letter.get("givenUpReason")));
        String payload = letter.get("payload") == null ? "" : letter.get("payload").toString();
        m.put("payload", payload.length() > 600 ? payload.substring(0, 600) + "…" : payload);
        return m;
    }

    String stamp(Instant instant) {
        return instant == null ? "—" : STAMP.format(instant.atZone(zone));
    }

    private String stamp(String isoInstant) {
        if (isoInstant == null || isoInstant.isBlank()) {
            return "—";
        }
        try {
            return stamp(Instant.parse(isoInstant));
        } catch (RuntimeException e) {
            return isoInstant;
        }
    }

    /** "Wednesday, May 27, 2026, 5:00 PM – Tuesday, June 16, 2026, 4:59 PM Pacific Daylight Time (America/Los_Angeles)" */
    String windowText(Instant from, Instant to) {
        ZonedDateTime a = from.atZone(zone);
        ZonedDateTime b = to.atZone(zone);
        return DAY.format(a) + ", " + CharterRows.CLOCK.format(a) + " – " + DAY.format(b) + ", " + CharterRows.CLOCK.format(b) + " "
                + ZONE_NAME.format(b) + " (" + zone.getId() + ")";
    }

    /** Which days the page shows, the link to the next page, and a link to every day of the window. */
    static Map<String, Object> navigation(LocalDate first, LocalDate last, LocalDate pageFrom, LocalDate pageTo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pageText", pageFrom.equals(first) && pageTo.equals(last) ? "the whole window"
                : SHORT_DAY.format(pageFrom) + (pageTo.equals(pageFrom) ? "" : " – " + SHORT_DAY.format(pageTo)));
        m.put("pageFrom", pageFrom.toString());
        m.put("nextFrom", pageTo.isBefore(last) ? pageTo.plusDays(1).toString() : null);
        List<Map<String, Object>> dayLinks = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            dayLinks.add(Map.of("date", d.toString(), "label", LINK_DAY.format(d),
                    "shown", !d.isBefore(pageFrom) && !d.isAfter(pageTo)));
        }
        m.put("dayLinks", dayLinks);
        return m;
    }
}
