package com.jada.chartersync.calendar;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Parameter;
import net.fortuna.ical4j.model.Property;

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
import java.util.List;
import java.util.Optional;

/**
 * The times of an iCalendar feed (RFC 5545 3.3.4, 3.3.5, 3.3.6) read for {@link IcalFeedParser}: a DATE or
 * DATE-TIME in its TZID, in UTC, or floating (read in the marina's zone), and the Calendar API's form of a time.
 */
final class IcalTimes {

    static final DateTimeFormatter UTC_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private final ZoneId marinaZone;

    IcalTimes(ZoneId marinaZone) {
        this.marinaZone = marinaZone;
    }

    /** DURATION (RFC 5545 3.3.6: {@code PT2H}, {@code P1D}, {@code P1DT2H}, {@code P2W}); none: zero. */
    static Duration duration(Component c) {
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
    Time time(Component c, String name) {
        Optional<Property> p = c.getProperty(name);
        if (p.isEmpty()) {
            return null;
        }
        return parse(p.get().getValue(), tzid(p.get()), isDate(p.get()));
    }

    List<ZonedDateTime> dates(Property p, ZoneId seriesZone) {
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

    static String text(Component c, String name) {
        return c.getProperty(name).map(Property::getValue).orElse(null);
    }

    static EventDateTime dateTime(ZonedDateTime at, boolean allDay) {
        if (allDay) {
            return new EventDateTime().setDate(new DateTime(at.toLocalDate().toString()));
        }
        return new EventDateTime().setDateTime(new DateTime(at.toInstant().toEpochMilli(),
                at.getOffset().getTotalSeconds() / 60)).setTimeZone(at.getZone().getId());
    }

    /** The master's properties at one occurrence: start moved there, end keeping the master's length. */
    Event atOccurrence(Event e, Component master, ZonedDateTime occurrence, boolean allDay) {
        IcalTimes.Time start = time(master, "DTSTART");
        IcalTimes.Time end = time(master, "DTEND");
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

    static boolean overlaps(Event e, Instant from, Instant to) {
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

    static long startMillis(Event e) {
        return e.getStart() == null ? Long.MIN_VALUE : millis(e.getStart());
    }

    private static long millis(EventDateTime t) {
        return t.getDateTime() != null ? t.getDateTime().getValue() : t.getDate().getValue();
    }

    record Time(ZonedDateTime at, boolean allDay) {

        ZoneId zone() {
            return at.getZone();
        }
    }}
