package com.jada.chartersync.page;

import com.jada.chartersync.record.CharterRecord;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the guest page template shows, as plain strings (the template escapes every one of them). Built from
 * the record, so the page always says what the dispatch tier says.
 */
public final class GuestPageModel {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    private GuestPageModel() {
    }

    public static Map<String, Object> of(CharterRecord record, ZoneId zone, String waiverFormUrl) {
        Map<String, Object> m = new LinkedHashMap<>();
        LocalDate date = Objects.requireNonNull(record.date(), () -> "record " + record.eventId() + " has no eventDate");
        m.put("eventId", record.eventId());
        m.put("guestName", record.guestName());
        m.put("eventType", humanType(record.eventType()));
        m.put("dateText", DAY.format(date));
        m.put("arrivalText", arrivalText(record.arrival(), record.arriveBy()));
        m.put("timeZoneText", zoneText(zone, date));
        m.put("departText", record.startTime() == null ? null
                : "Sails at " + CLOCK.format(LocalTime.parse(record.startTime())));
        List<String> crew = record.crew();
        m.put("crew", crew);
        m.put("photoCode", record.photoCode());
        m.put("cancelled", record.cancelled());
        m.put("waiverOrigin", origin(waiverFormUrl));
        m.put("waiverUrl", waiverFormUrl + (waiverFormUrl.contains("?") ? "&" : "?") + "eventId="
                + URLEncoder.encode(record.eventId(), StandardCharsets.UTF_8));
        return m;
    }

    /** "Arrive by 2:00 PM" or "Arrive between 3:00 PM and 7:00 PM"; null when the calendar gave no time. */
    public static String arrivalText(String arrival, String arriveBy) {
        String text = arrival != null ? arrival : arriveBy;
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.split("-");
        if (parts.length == 2) {
            return "Arrive between " + CLOCK.format(LocalTime.parse(parts[0])) + " and " + CLOCK.format(LocalTime.parse(parts[1]));
        }
        return "Arrive by " + CLOCK.format(LocalTime.parse(parts[0]));
    }

    /** "Pacific Daylight Time" on a summer date: the wording the guest's phone clock agrees with. */
    public static String zoneText(ZoneId zone, LocalDate date) {
        boolean dst = zone.getRules().isDaylightSavings(date.atTime(12, 0).atZone(zone).toInstant());
        String name = zone.getDisplayName(TextStyle.FULL, Locale.US);
        if (name.endsWith("Time") && name.split(" ").length == 2) {
            // "Pacific Time" -> "Pacific Daylight Time" / "Pacific Standard Time"
            return name.replace(" Time", dst ? " Daylight Time" : " Standard Time");
        }
        return name;
    }

    /** scheme://host[:port] of the waiver form: the only sender whose size messages the page believes. */
    static String origin(String url) {
        java.net.URI uri = java.net.URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String humanType(String type) {
        if (type == null || type.isBlank()) {
            return "Charter";
        }
        String t = type.replace('-', ' ');
        return Character.toUpperCase(t.charAt(0)) + t.substring(1);
    }
}
