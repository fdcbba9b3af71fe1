package com.jada.chartersync.calendar;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns an iCalendar feed (RFC 5545, as Google's secret iCal address serves it) into events of the Calendar API's
 * model, the same ones the API would answer with {@code singleEvents=true}: recurring events (RRULE, RDATE) are
 * expanded into instances with Google's instance ids ({@code <eventId>_<yyyyMMdd'T'HHmmss'Z'>}), changed instances
 * (RECURRENCE-ID) replace the ones they change, and EXDATE or STATUS:CANCELLED cancel them.
 * <p>
 * Ids: a UID {@code <id>@google.com} (every event Google made) gives the API's event id {@code <id>}, so records
 * stay linked when a deployment moves between the two sources; another UID gives {@code ical<hash>}. Times with a
 * TZID are read in that zone; floating and UTC starts of recurring events are expanded in the marina's time zone, so
 * a weekly 10:00 charter stays at 10:00 across daylight-saving changes. Each event's {@code etag} is a hash of what
 * the runtime reads from it, so an unchanged event keeps its etag from feed to feed (DTSTAMP is ignored).
 */
public final class IcalFeedParser {

    private static final DateTimeFormatter UTC_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final String GOOGLE_UID = "@google.com";

    /**
     * The feed read against a window.
     *
     * @param active    events and instances overlapping the window, not cancelled, in start order
     * @param outside   events and instances present in the feed but outside the window (not cancelled)
     * @param cancelled ids of instances the feed cancels explicitly (EXDATE, STATUS:CANCELLED)
     */
    public record FeedEvents(Map<String, Event> active, Map<String, Event> outside, Set<String> cancelled) {
    }

    private final ZoneId marinaZone;

    public IcalFeedParser(ZoneId marinaZone) {
        this.marinaZone = marinaZone;
    }

    public FeedEvents parse(String ics, Instant from, Instant to) {
        net.fortuna.ical4j.model.Calendar calendar;
        try {
            calendar = new CalendarBuilder().build(new StringReader(ics));
        } catch (IOException | ParserException e) {
            throw new IllegalArgumentException("the iCal feed is not valid iCalendar: " + e.getMessage(), e);
        }
        Map<String, Component> masters = new LinkedHashMap<>();
        Map<String, List<Component>> overrides = new HashMap<>();
        for (net.fortuna.ical4j.model.component.CalendarComponent c : calendar.getComponents("VEVENT")) {
            String uid = text(c, "UID");
            if (uid == null || uid.isBlank()) {
                continue;
            }
            if (c.getProperty("RECURRENCE-ID").isPresent()) {
                overrides.computeIfAbsent(uid, k -> new ArrayList<>()).add(c);
            } else {
                masters.put(uid, c);
            }
        }
        List<Event> all = new ArrayList<>();
        Set<String> cancelled = new HashSet<>();
        for (Map.Entry<String, Component> m : masters.entrySet()) {
            expand(m.getKey(), m.getValue(), overrides.getOrDefault(m.getKey(), List.of()), to, all, cancelled);
        }
        // changed instances of a series the feed does not carry: each is an event of its own
        overrides.forEach((uid, list) -> {
            if (masters.containsKey(uid)) {
                return;
            }
            for (Component o : list) {
                Event e = event(o, uid, instanceIdOf(uid, o), eventId(uid));
                if (isCancelled(o)) {
                    cancelled.add(e.getId());
                } else {
                    all.add(e);
                }
            }
        });
        all.sort(java.util.Comparator.comparing(IcalFeedParser::startMillis));
        Map<String, Event> active = new LinkedHashMap<>();
        Map<String, Event> outside = new HashMap<>();
        for (Event e : all) {
            if (overlaps(e, from, to)) {
                active.put(e.getId(), e);
            } else {
                outside.put(e.getId(), e);
            }
        }
        return new FeedEvents(active, outside, cancelled);
    }

    private void expand(String uid, Component master, List<Component> overrides, Instant to, List<Event> out,
                        Set<String> cancelled) {
        String id = eventId(uid);
        boolean recurring = master.getProperty("RRULE").isPresent() || master.getProperty("RDATE").isPresent();
        if (!recurring) {
            Event e = event(master, uid, id, null);
            if (isCancelled(master)) {
                cancelled.add(id);
            } else {
                out.add(e);
            }
            return;
        }
        Time start = time(master, "DTSTART");
        if (start == null) {
            // no start: handed on as it is, the mapper dead-letters it with its reason
            out.add(event(master, uid, id, null));
            return;
        }
        ZoneId zone = start.zone();
        ZonedDateTime seed = start.at();
        Map<Instant, Component> changed = new HashMap<>();
        for (Component o : overrides) {
            Time r = time(o, "RECURRENCE-ID");
            if (r != null) {
                changed.put(r.at().toInstant(), o);
            }
        }
        Set<Instant> excluded = new HashSet<>();
        TreeSet<ZonedDateTime> starts = new TreeSet<>();
        starts.add(seed);
        ZonedDateTime until = to.atZone(zone);
        for (Property p : master.<Property>getProperties()) {
            switch (p.getName()) {
                case "RRULE" -> {
                    if (start.allDay()) {
                        Recur<LocalDate> recur = new Recur<>(p.getValue());
                        recur.getDates(seed.toLocalDate(), seed.toLocalDate(), until.toLocalDate())
                                .forEach(d -> starts.add(d.atStartOfDay(zone)));
                    } else {
                        Recur<ZonedDateTime> recur = new Recur<>(p.getValue());
                        starts.addAll(recur.getDates(seed, seed, until));
                    }
                }
                case "RDATE" -> starts.addAll(dates(p, zone));
                case "EXDATE" -> dates(p, zone).forEach(d -> excluded.add(d.toInstant()));
                default -> {
                    // other properties are the event's own
                }
            }
        }
        boolean seriesCancelled = isCancelled(master);
        for (ZonedDateTime s : starts) {
            if (!s.toInstant().isBefore(to)) {
                continue;
            }
            String instanceId = id + "_" + (start.allDay() ? DATE_STAMP.format(s.toLocalDate()) : UTC_STAMP.format(s));
            Component override = changed.get(s.toInstant());
            if (seriesCancelled || excluded.contains(s.toInstant()) || (override != null && isCancelled(override))) {
                cancelled.add(instanceId);
                continue;
            }
            Event instance = override != null ? event(override, uid, instanceId, id)
                    : instanceOf(event(master, uid, instanceId, id), master, s, start.allDay());
            instance.setOriginalStartTime(dateTime(s, start.allDay()));
            instance.setRecurringEventId(id);
            instance.setEtag(etag(instance));
            out.add(instance);
        }
    }

    /** The master's properties at one occurrence: start moved there, end keeping the master's length. */
    private Event instanceOf(Event e, Component master, ZonedDateTime occurrence, boolean allDay) {
        Time start = time(master, "DTSTART");
        Time end = time(master, "DTEND");
        if (allDay) {
            Period days = end == null ? Period.ofDays(1)
                    : Period.between(start.at().toLocalDate(), end.at().toLocalDate());
            e.setStart(dateTime(occurrence, true));
            e.setEnd(dateTime(occurrence.plus(days), true));
        } else {
            Duration length = end == null ? duration(master) : Duration.between(start.at(), end.at());
            e.setStart(dateTime(occurrence, false));
            e.setEnd(dateTime(occurrence.plus(length), false));
        }
        return e;
    }

    private Event event(Component c, String uid, String id, String recurringEventId) {
        Event e = new Event().setId(id).setICalUID(uid).setStatus("confirmed")
                .setSummary(text(c, "SUMMARY")).setDescription(text(c, "DESCRIPTION")).setLocation(text(c, "LOCATION"));
        Time start = time(c, "DTSTART");
        if (start != null) {
            e.setStart(dateTime(start.at(), start.allDay()));
            Time end = time(c, "DTEND");
            ZonedDateTime endAt = end != null ? end.at()
                    : start.allDay() ? start.at().plusDays(1) : start.at().plus(duration(c));
            e.setEnd(dateTime(endAt, start.allDay()));
        }
        String sequence = text(c, "SEQUENCE");
        if (sequence != null) {
            try {
                e.setSequence(Integer.parseInt(sequence.strip()));
            } catch (NumberFormatException ignored) {
                // not a number: left out
            }
        }
        Time modified = time(c, "LAST-MODIFIED");
        if (modified != null) {
            e.setUpdated(new DateTime(modified.at().toInstant().toEpochMilli()));
        }
        if (recurringEventId != null) {
            Time original = time(c, "RECURRENCE-ID");
            if (original != null) {
                e.setOriginalStartTime(dateTime(original.at(), original.allDay()));
            }
            e.setRecurringEventId(recurringEventId);
        }
        e.setEtag(etag(e));
        return e;
    }

    /** DURATION (RFC 5545 3.3.6: {@code PT2H}, {@code P1D}, {@code P1DT2H}, {@code P2W}); none: zero. */
    private static Duration duration(Component c) {
        String value = text(c, "DURATION");
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            java.util.regex.Matcher weeks = java.util.regex.Pattern.compile("\\+?P(\\d+)W").matcher(value.strip());
            return weeks.matches() ? Duration.ofDays(7L * Long.parseLong(weeks.group(1))) : Duration.parse(value.strip());
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /** A DATE or DATE-TIME property: in its TZID, UTC, or floating (read in the marina's zone). */
    private Time time(Component c, String name) {
        Optional<Property> p = c.getProperty(name);
        if (p.isEmpty()) {
            return null;
        }
        return parse(p.get().getValue(), tzid(p.get()), isDate(p.get()));
    }

    private List<ZonedDateTime> dates(Property p, ZoneId seriesZone) {
        List<ZonedDateTime> out = new ArrayList<>();
        for (String v : p.getValue().split(",")) {
            if (v.contains("/")) {
                v = v.substring(0, v.indexOf('/')); // a PERIOD: its start
            }
            Time t = parse(v, tzid(p), isDate(p) || v.length() == 8);
            if (t != null) {
                out.add(t.at().withZoneSameInstant(seriesZone));
            }
        }
        return out;
    }

    private Time parse(String value, String tzid, boolean date) {
        try {
            if (date || value.length() == 8) {
                return new Time(LocalDate.parse(value, DATE_STAMP).atStartOfDay(marinaZone), true);
            }
            if (value.endsWith("Z")) {
                LocalDateTime utc = LocalDateTime.parse(value.substring(0, value.length() - 1), LOCAL);
                // a UTC start of a recurring event is expanded in the marina's zone
                return new Time(utc.atZone(ZoneOffset.UTC).withZoneSameInstant(marinaZone), false);
            }
            return new Time(LocalDateTime.parse(value, LOCAL).atZone(zone(tzid)), false);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private ZoneId zone(String tzid) {
        if (tzid == null) {
            return marinaZone;
        }
        try {
            // Google writes Olson names; some producers prefix them with a path (/mozilla.org/.../Europe/Berlin)
            String name = tzid.contains("/") && tzid.startsWith("/") ? tzid.substring(tzid.indexOf('/', 1) + 1) : tzid;
            return ZoneId.of(name);
        } catch (RuntimeException e) {
            return marinaZone;
        }
    }

    private static String tzid(Property p) {
        return p.getParameter("TZID").map(Parameter::getValue).orElse(null);
    }

    private static boolean isDate(Property p) {
        return p.getParameter("VALUE").map(v -> "DATE".equalsIgnoreCase(v.getValue())).orElse(false);
    }

    private static String text(Component c, String name) {
        return c.getProperty(name).map(Property::getValue).orElse(null);
    }

    private static boolean isCancelled(Component c) {
        return "CANCELLED".equalsIgnoreCase(text(c, "STATUS"));
    }

    /** The API's event id for a UID: {@code <id>@google.com} → {@code <id>}; any other UID → {@code ical<hash>}. */
    public static String eventId(String uid) {
        if (uid.endsWith(GOOGLE_UID)) {
            String local = uid.substring(0, uid.length() - GOOGLE_UID.length());
            if (local.matches("[a-v0-9_]{5,1024}")) {
                return local;
            }
        }
        return "ical" + sha256(uid).substring(0, 26);
    }

    private String instanceIdOf(String uid, Component override) {
        Time r = time(override, "RECURRENCE-ID");
        String id = eventId(uid);
        return r == null ? id : id + "_" + (r.allDay() ? DATE_STAMP.format(r.at().toLocalDate()) : UTC_STAMP.format(r.at()));
    }

    private static EventDateTime dateTime(ZonedDateTime at, boolean allDay) {
        if (allDay) {
            return new EventDateTime().setDate(new DateTime(at.toLocalDate().toString()));
        }
        return new EventDateTime().setDateTime(new DateTime(at.toInstant().toEpochMilli(),
                at.getOffset().getTotalSeconds() / 60)).setTimeZone(at.getZone().getId());
    }

    private static boolean overlaps(Event e, Instant from, Instant to) {
        if (e.getStart() == null) {
            return true; // no start: let the mapper say why it cannot be used
        }
        long start = startMillis(e);
        long end = e.getEnd() == null ? start : millis(e.getEnd());
        if (end <= start) {
            return start >= from.toEpochMilli() && start < to.toEpochMilli();
        }
        return end > from.toEpochMilli() && start < to.toEpochMilli();
    }

    private static long startMillis(Event e) {
        return e.getStart() == null ? Long.MIN_VALUE : millis(e.getStart());
    }

    private static long millis(EventDateTime t) {
        return t.getDateTime() != null ? t.getDateTime().getValue() : t.getDate().getValue();
    }

    /** What the runtime reads from an event, hashed: the same content gives the same etag in every feed. */
    static String etag(Event e) {
        String content = String.join("\u001f", String.valueOf(e.getId()), String.valueOf(e.getStatus()),
                String.valueOf(e.getSummary()), String.valueOf(e.getDescription()), String.valueOf(e.getLocation()),
                String.valueOf(e.getStart()), String.valueOf(e.getEnd()), String.valueOf(e.getSequence()),
                String.valueOf(e.getUpdated()));
        return "\"ical-" + sha256(content).substring(0, 20) + "\"";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Time(ZonedDateTime at, boolean allDay) {

        ZoneId zone() {
            return at.getZone();
        }
    }
}
