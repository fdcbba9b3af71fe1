package com.jada.chartersync.localcloud.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.fortuna.ical4j.model.Recur;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A recurring event of the sandbox expanded into its instances as the Calendar API does with
 * {@code singleEvents=true}: the {@code recurrence} lines (RFC 5545 RRULE, RDATE, EXDATE) applied to the event's
 * start in its {@code start.timeZone}, each instance with id {@code <eventId>_<yyyyMMdd'T'HHmmss'Z'>} (all-day:
 * {@code <eventId>_<yyyyMMdd>}), {@code recurringEventId} and {@code originalStartTime}. An infinite rule is
 * expanded up to a horizon ({@link #HORIZON} after the later of its start and now).
 */
final class SandboxRecurrence {

    static final Duration HORIZON = Duration.ofDays(730);
    private static final DateTimeFormatter UTC_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter LOCAL_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    /** RFC 3339 as Google writes it: seconds always present (the Java client refuses a time without them). */
    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** One occurrence: its instance id, original start, and whether an EXDATE removed it. */
    record Occurrence(String instanceId, ZonedDateTime originalStart, boolean excluded) {
    }

    private SandboxRecurrence() {
    }

    static boolean isRecurring(JsonNode event) {
        return event.path("recurrence").isArray() && !event.path("recurrence").isEmpty();
    }

    /**
     * Checks the recurrence lines as Google does on insert and update: a time zone on the start, and rules that
     * parse. Throws the message Google answers with.
     */
    static void validate(ObjectNode event) {
        if (!isRecurring(event)) {
            return;
        }
        if (!event.path("start").hasNonNull("timeZone")) {
            throw new IllegalArgumentException("Missing time zone definition for start time.");
        }
        try {
            ZoneId.of(event.path("start").get("timeZone").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid time zone definition for start time.");
        }
        for (JsonNode line : event.get("recurrence")) {
            String l = line.asText();
            String name = l.contains(":") ? l.substring(0, l.indexOf(':')).split(";")[0].toUpperCase() : "";
            switch (name) {
                case "RRULE" -> {
                    try {
                        new Recur<ZonedDateTime>(l.substring(l.indexOf(':') + 1));
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("Invalid recurrence rule.");
                    }
                }
                case "EXDATE", "RDATE" -> parseDates(l, ZoneId.of("UTC"), false);
                default -> throw new IllegalArgumentException("Invalid recurrence rule.");
            }
        }
    }

    /**
     * Every occurrence of {@code master} whose original start lies before {@code until} (null: the horizon),
     * EXDATEs included but marked, in start order.
     */
    static List<Occurrence> occurrences(JsonNode master, Instant until) {
        ZoneId zone = ZoneId.of(master.path("start").path("timeZone").asText());
        boolean allDay = master.path("start").has("date");
        ZonedDateTime seed = start(master.path("start"), zone);
        Instant horizon = (seed.toInstant().isAfter(Instant.now()) ? seed.toInstant() : Instant.now()).plus(HORIZON);
        Instant end = until == null || until.isAfter(horizon) ? horizon : until;
        ZonedDateTime endZ = end.atZone(zone);
        TreeSet<ZonedDateTime> starts = new TreeSet<>();
        Set<Instant> excluded = new java.util.HashSet<>();
        starts.add(seed);
        for (JsonNode line : master.get("recurrence")) {
            String l = line.asText();
            String name = l.substring(0, l.indexOf(':')).split(";")[0].toUpperCase();
            switch (name) {
                case "RRULE" -> {
                    Recur<ZonedDateTime> recur = new Recur<>(l.substring(l.indexOf(':') + 1));
                    starts.addAll(recur.getDates(seed, seed, endZ));
                }
                case "RDATE" -> starts.addAll(parseDates(l, zone, allDay));
                case "EXDATE" -> parseDates(l, zone, allDay).forEach(d -> excluded.add(d.toInstant()));
                default -> {
                    // validated on write
                }
            }
        }
        List<Occurrence> out = new ArrayList<>();
        for (ZonedDateTime s : starts) {
            if (!s.toInstant().isBefore(end)) {
                continue;
            }
            out.add(new Occurrence(instanceId(master.get("id").asText(), s, allDay), s, excluded.contains(s.toInstant())));
        }
        return out;
    }

    /** The instance of {@code master} that starts at {@code originalStart}, as Google derives it. */
    static ObjectNode instance(ObjectNode master, Occurrence o) {
        boolean allDay = master.path("start").has("date");
        ZoneId zone = o.originalStart().getZone();
        ZonedDateTime seed = start(master.path("start"), zone);
        ObjectNode instance = master.deepCopy();
        instance.remove("recurrence");
        instance.put("id", o.instanceId());
        instance.put("recurringEventId", master.get("id").asText());
        ObjectNode original = instance.putObject("originalStartTime");
        ObjectNode start = instance.putObject("start");
        ObjectNode end = instance.putObject("end");
        if (allDay) {
            long days = ChronoUnit.DAYS.between(LocalDate.parse(master.path("start").get("date").asText()),
                    LocalDate.parse(master.path("end").get("date").asText()));
            original.put("date", o.originalStart().toLocalDate().toString());
            start.put("date", o.originalStart().toLocalDate().toString());
            end.put("date", o.originalStart().toLocalDate().plusDays(days).toString());
        } else {
            Duration length = Duration.between(seed.toInstant(),
                    OffsetDateTime.parse(master.path("end").get("dateTime").asText()).toInstant());
            original.put("dateTime", RFC_3339.format(o.originalStart()));
            start.put("dateTime", RFC_3339.format(o.originalStart()));
            end.put("dateTime", RFC_3339.format(o.originalStart().plus(length)));
        }
        original.put("timeZone", zone.getId());
        start.put("timeZone", zone.getId());
        end.put("timeZone", master.path("end").path("timeZone").asText(zone.getId()));
        return instance;
    }

    /** {@code <eventId>_<yyyyMMdd'T'HHmmss'Z'>}, or {@code <eventId>_<yyyyMMdd>} for an all-day event. */
    static String instanceId(String eventId, ZonedDateTime originalStart, boolean allDay) {
        return eventId + "_" + (allDay ? DATE_STAMP.format(originalStart.toLocalDate()) : UTC_STAMP.format(originalStart));
    }

    /** The recurring event id an instance id names, or null when the id is not an instance id. */
    static String masterId(String instanceId) {
        int cut = instanceId.lastIndexOf('_');
        return cut <= 0 ? null : instanceId.substring(0, cut);
    }

    static ZonedDateTime start(JsonNode time, ZoneId zone) {
        if (time.hasNonNull("dateTime")) {
            return OffsetDateTime.parse(time.get("dateTime").asText()).atZoneSameInstant(zone);
        }
        return LocalDate.parse(time.get("date").asText()).atStartOfDay(zone);
    }

    /** RDATE/EXDATE line: {@code EXDATE;TZID=America/Los_Angeles:20260607T100000,20260614T100000}, UTC or DATE values. */
    static List<ZonedDateTime> parseDates(String line, ZoneId defaultZone, boolean allDay) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Invalid recurrence rule.");
        }
        ZoneId zone = defaultZone;
        for (String param : line.substring(0, colon).split(";")) {
            if (param.toUpperCase().startsWith("TZID=")) {
                try {
                    zone = ZoneId.of(param.substring(5));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("Invalid recurrence rule.");
                }
            }
        }
        List<ZonedDateTime> out = new ArrayList<>();
        for (String v : line.substring(colon + 1).split(",")) {
            try {
                if (v.endsWith("Z")) {
                    out.add(LocalDateTime.parse(v.substring(0, v.length() - 1), LOCAL_STAMP).atZone(ZoneOffset.UTC)
                            .withZoneSameInstant(defaultZone));
                } else if (v.length() == 8) {
                    out.add(LocalDate.parse(v, DATE_STAMP).atStartOfDay(allDay ? defaultZone : zone));
                } else {
                    out.add(LocalDateTime.parse(v, LOCAL_STAMP).atZone(zone).withZoneSameInstant(defaultZone));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Invalid recurrence rule.");
            }
        }
        return out;
    }
}
