package com.jada.chartersync.charter;

import org.springframework.web.util.HtmlUtils;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an event description in the format of DESIGN.md section 2: one {@code Key: value} per line, keys
 * case-insensitive, order free, unknown lines kept as notes. Descriptions edited in Google's web UI arrive as
 * HTML and are read as text. Never throws on odd input: what it cannot understand goes to {@code problems}.
 */
public final class DescriptionParser {

    /** Longer descriptions are cut: nothing legitimate is this long, and it bounds the work per event. */
    public static final int MAX_LENGTH = 8_000;

    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2})(?:[:.](\\d{2}))?\\s*(a\\.?m\\.?|p\\.?m\\.?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern WINDOW = Pattern.compile(
            "^\\s*(\\d{1,2}(?:[:.]\\d{2})?\\s*(?:[ap]\\.?m\\.?)?)\\s*(?:-|–|—|to|until)\\s*(\\d{1,2}(?:[:.]\\d{2})?\\s*(?:[ap]\\.?m\\.?)?)\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** Markup Google's web editor writes; other angle brackets are text (and get escaped on the page). */
    private static final Pattern GOOGLE_HTML = Pattern.compile(
            "(?i)<(br|p|div|span|b|i|u|strong|em|a|ul|ol|li|h[1-6])(\\s[^>]*)?/?>|&(amp|lt|gt|quot|nbsp|#\\d+);");
    private static final Pattern MINOR = Pattern.compile("^\\s*([^()]+?)\\s*(?:\\((\\d{1,2})\\))?\\s*$");

    public ParsedDescription parse(String description) {
        String text = toPlainText(description == null ? "" : description);
        String guest = null;
        String type = null;
        Arrival arrival = null;
        String captain = null;
        List<String> crew = new ArrayList<>();
        List<String> replacementCrew = null;
        Integer partySize = null;
        List<ParsedDescription.Minor> minors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        for (String rawLine : text.split("\\R")) {
            String line = rawLine.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                notes.add(line);
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "guest", "guest name", "name" -> guest = value.isEmpty() ? guest : value;
                case "type", "charter type", "trip", "charter" -> type = value.isEmpty() ? type : value;
                case "arrive by", "arrival", "arrive", "arrival time", "arrival window", "arrive between" -> {
                    Arrival parsed = parseArrival(value);
                    if (parsed == null) {
                        problems.add("arrival not understood: '" + value + "'");
                    } else {
                        arrival = parsed;
                    }
                }
                case "captain", "skipper" -> captain = value.isEmpty() ? captain : value;
                case "crew", "deckhand", "deckhands" -> crew.addAll(names(value));
                case "updated crew", "crew update", "new crew" -> replacementCrew = names(value);
                case "party size", "party", "guests", "group size" -> {
                    Matcher m = Pattern.compile("^(\\d{1,3})\\b").matcher(value);
                    if (m.find()) {
                        partySize = Integer.parseInt(m.group(1));
                    } else {
                        problems.add("party size not a number: '" + value + "'");
                    }
                }
                case "minors", "minor" -> {
                    for (String part : value.split("[,;]")) {
                        Matcher m = MINOR.matcher(part);
                        if (m.matches() && !m.group(1).isBlank()) {
                            minors.add(new ParsedDescription.Minor(m.group(1).strip(),
                                    m.group(2) == null ? null : Integer.parseInt(m.group(2))));
                        }
                    }
                }
                default -> notes.add(line);
            }
        }
        if (replacementCrew != null) {
            crew = replacementCrew;
        }
        return new ParsedDescription(guest, type, arrival, captain, List.copyOf(crew), partySize,
                List.copyOf(minors), List.copyOf(notes), List.copyOf(problems));
    }

    /** HTML from Google's web editor becomes lines of text; entities are decoded; markup is dropped. */
    static String toPlainText(String description) {
        String text = description.length() > MAX_LENGTH ? description.substring(0, MAX_LENGTH) : description;
        if (GOOGLE_HTML.matcher(text).find()) {
            text = text.replaceAll("(?i)<br\\s*/?>", "\n")
                    .replaceAll("(?i)</(p|div|li|h[1-6])\\s*>", "\n")
                    .replaceAll("(?s)<[^>]*>", "");
            text = HtmlUtils.htmlUnescape(text).replace('\u00a0', ' ');
        }
        return text.replaceAll("[\\p{Cc}&&[^\\n\\r\\t]]", "");
    }

    static Arrival parseArrival(String value) {
        String v = value.strip();
        Matcher window = WINDOW.matcher(v);
        if (window.matches()) {
            String endText = window.group(2);
            LocalTime end = time(endText, null);
            String endMeridiem = meridiem(endText);
            LocalTime start = time(window.group(1), endMeridiem);
            if (start == null || end == null) {
                return null;
            }
            return new Arrival(start, end);
        }
        Matcher single = TIME.matcher(v);
        if (single.matches()) {
            LocalTime t = time(v, null);
            return t == null ? null : new Arrival(t, null);
        }
        return null;
    }

    private static String meridiem(String text) {
        Matcher m = TIME.matcher(text.strip());
        return m.matches() ? m.group(3) : null;
    }

    /** A time like "14:00", "2 PM", "2:30pm"; an hour without am/pm borrows the window end's am/pm. */
    private static LocalTime time(String text, String fallbackMeridiem) {
        Matcher m = TIME.matcher(text.strip());
        if (!m.matches()) {
            return null;
        }
        int hour = Integer.parseInt(m.group(1));
        int minute = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        String mer = m.group(3) != null ? m.group(3) : fallbackMeridiem;
        if (mer != null) {
            boolean pm = mer.toLowerCase(Locale.ROOT).startsWith("p");
            if (hour < 1 || hour > 12) {
                return null;
            }
            hour = hour % 12 + (pm ? 12 : 0);
        }
        if (hour > 23 || minute > 59) {
            return null;
        }
        return LocalTime.of(hour, minute);
    }

    private static List<String> names(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",|;|\\band\\b|&")) {
            String name = part.strip();
            if (!name.isEmpty()) {
                out.add(name);
            }
        }
        return out;
    }
}
