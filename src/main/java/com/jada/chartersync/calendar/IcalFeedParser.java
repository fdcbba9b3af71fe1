package com.jada.chartersync.calendar;

import com.jada.chartersync.text.Hashes;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.data.ParserException;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.Recur;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.jada.chartersync.calendar.IcalTimes.DATE_STAMP;
import static com.jada.chartersync.calendar.IcalTimes.UTC_STAMP;
import static com.jada.chartersync.calendar.IcalTimes.dateTime;
import static com.jada.chartersync.calendar.IcalTimes.duration;
import static com.jada.chartersync.calendar.IcalTimes.text;

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

    /**
     * The feed read against a window.
     *
     * @param active    events and instances overlapping the window, not cancelled, in start order
     * @param outside   events and instances present in the feed but outside the window (not cancelled)
     * @param cancelled ids of instances the feed cancels explicitly (EXDATE, STATUS:CANCELLED)
     */
    public record FeedEvents(Map<String, Event> active, Map<String, Event> outside, Set<String> cancelled) {
    }

    private final IcalTimes times;

    public IcalFeedParser(ZoneId marinaZone) {
        this.times = new IcalTimes(marinaZone);
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
        all.sort(java.util.Comparator.comparing(IcalTimes::startMillis));
        Map<String, Event> active = new LinkedHashMap<>();
        Map<String, Event> outside = new HashMap<>();
        for (Event e : all) {
            if (IcalTimes.overlaps(e, from, to)) {
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
        IcalTimes.Time start = times.time(master, "DTSTART");
        if (start == null) {
            // no start: handed on as it is, the mapper dead-letters it with its reason
            out.add(event(master, uid, id, null));
            return;
        }
        ZoneId zone = start.zone();
        ZonedDateTime seed = start.at();
        Map<Instant, Component> changed = new HashMap<>();
        for (Component o : overrides) {
            IcalTimes.Time r = times.time(o, "RECURRENCE-ID");
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
                case "RDATE" -> starts.addAll(times.dates(p, zone));
                case "EXDATE" -> times.dates(p, zone).forEach(d -> excluded.add(d.toInstant()));
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
                    : times.atOccurrence(event(master, uid, instanceId, id), master, s, start.allDay());
            instance.setOriginalStartTime(dateTime(s, start.allDay()));
            instance.setRecurringEventId(id);
            instance.setEtag(etag(instance));
            out.add(instance);
        }
    }

    private Event event(Component c, String uid, String id, String recurringEventId) {
        Event e = new Event().setId(id).setICalUID(uid).setStatus("confirmed")
                .setSummary(text(c, "SUMMARY")).setDescription(text(c, "DESCRIPTION")).setLocation(text(c, "LOCATION"));
        IcalTimes.Time start = times.time(c, "DTSTART");
        if (start != null) {
            e.setStart(dateTime(start.at(), start.allDay()));
            IcalTimes.Time end = times.time(c, "DTEND");
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
        IcalTimes.Time modified = times.time(c, "LAST-MODIFIED");
        if (modified != null) {
            e.setUpdated(new DateTime(modified.at().toInstant().toEpochMilli()));
        }
        if (recurringEventId != null) {
            IcalTimes.Time original = times.time(c, "RECURRENCE-ID");
            if (original != null) {
                e.setOriginalStartTime(dateTime(original.at(), original.allDay()));
            }
            e.setRecurringEventId(recurringEventId);
        }
        e.setEtag(etag(e));
        return e;
    }

    private static boolean isCancelled(Component c) {
        return "CANCELLED".equalsIgnoreCase(text(c, "STATUS"));
    }

    /** The API's event id for a UID: {@code <id>@google.com} → {@code <id>}; any other UID → {@code ical<hash>}. */
    public static String eventId(String uid) {
        if (uid.endsWith("@google.com")) {
            String local = uid.substring(0, uid.length() - "@google.com".length());
            if (local.matches("[a-v0-9_]{5,1024}")) {
                return local;
            }
        }
        return "ical" + Hashes.sha256(uid).substring(0, 26);
    }

    private String instanceIdOf(String uid, Component override) {
        IcalTimes.Time r = times.time(override, "RECURRENCE-ID");
        String id = eventId(uid);
        return r == null ? id : id + "_" + (r.allDay() ? DATE_STAMP.format(r.at().toLocalDate()) : UTC_STAMP.format(r.at()));
    }

    /** What the runtime reads from an event, hashed: the same content gives the same etag in every feed. */
    static String etag(Event e) {
        String content = String.join("\u001f", String.valueOf(e.getId()), String.valueOf(e.getStatus()),
                String.valueOf(e.getSummary()), String.valueOf(e.getDescription()), String.valueOf(e.getLocation()),
                String.valueOf(e.getStart()), String.valueOf(e.getEnd()), String.valueOf(e.getSequence()),
                String.valueOf(e.getUpdated()));
        return "\"ical-" + Hashes.sha256(content).substring(0, 20) + "\"";
    }
}
