package com.jada.chartersync.board;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.agreement.Agreement;
import com.jada.chartersync.agreement.Agreement.CalendarSeen;
import com.jada.chartersync.agreement.Agreement.EdgeSeen;
import com.jada.chartersync.agreement.Agreement.PageSeen;
import com.jada.chartersync.agreement.Verdict;
import com.jada.chartersync.manifest.Roster;
import com.jada.chartersync.page.GuestPageModel;
import com.jada.chartersync.record.CharterRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static com.jada.chartersync.board.BoardReads.Read;
import static com.jada.chartersync.text.Display.orDash;

/**
 * One row of the status board: a charter's badges, one per layer, each from {@link Agreement}'s verdict on what the
 * board read in bulk and the last sync recorded, turned red by that layer's dead letters; or a calendar event the
 * dispatch tier has never heard of.
 */
final class CharterRows {

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);

    /** A row, with what it sorts by. */
    record Row(LocalDate date, LocalTime sortTime, Map<String, Object> view) {
    }

    /** The rows counted, and those shown grouped by day. */
    record Tally(int agree, int attention, int cancelled, List<Map<String, Object>> days) {
    }

    /** Counts the rows and groups by day those shown ({@code onlyAttention}: those that need attention). */
    static Tally tally(List<Row> rows, boolean onlyAttention) {
        int agree = 0;
        int attention = 0;
        int cancelled = 0;
        Map<LocalDate, List<Map<String, Object>>> days = new TreeMap<>();
        for (Row row : rows) {
            boolean needsAttention = Boolean.TRUE.equals(row.view().get("attention"));
            agree += Boolean.TRUE.equals(row.view().get("agree")) ? 1 : 0;
            attention += needsAttention ? 1 : 0;
            cancelled += Boolean.TRUE.equals(row.view().get("cancelled")) ? 1 : 0;
            if (!onlyAttention || needsAttention) {
                days.computeIfAbsent(row.date(), d -> new ArrayList<>()).add(row.view());
            }
        }
        List<Map<String, Object>> dayViews = new ArrayList<>();
        days.forEach((date, charters) -> dayViews.add(Map.of("date", date.toString(),
                "dateText", BoardViews.DAY.format(date), "charters", charters)));
        return new Tally(agree, attention, cancelled, dayViews);
    }

    private final Agreement agreement;
    private final String edgeUrl;
    private final ZoneId zone;
    private final Duration urgentWithin;

    CharterRows(Agreement agreement, String edgeUrl, ZoneId zone, Duration urgentWithin) {
        this.agreement = agreement;
        this.edgeUrl = edgeUrl;
        this.zone = zone;
        this.urgentWithin = urgentWithin;
    }

    /**
     * @param signedWaivers the charter's waivers filed under its date when that day was read (the urgency window), or
     *                      null: then the count is the waiver system's last ({@code waiversSigned}) and no names are known
     */
    Row recordRow(CharterRecord record, LocalDate date, Event event, Read<List<Event>> cal,
                          Read<Map<String, String>> s3Pages, List<Map<String, Object>> letters,
                          List<Map<String, AttributeValue>> signedWaivers, Instant now) {
        String eventId = record.eventId();
        boolean cancelled = record.cancelled();
        String calendarEventId = record.calendarEventId();
        List<String> crew = record.crew();
        LocalTime start = record.start();

        Map<String, Object> view = new LinkedHashMap<>();
        view.put("eventId", eventId);
        view.put("guestName", orDash(record.guestName()));
        view.put("eventType", orDash(record.eventType()));
        view.put("timeText", timeText(start, record.arrival(), record.arriveBy()));
        view.put("crewText", crew.isEmpty() ? "no crew yet" : String.join(", ", crew));
        view.put("captain", crew.stream().filter(c -> c.startsWith("Captain ")).map(c -> c.substring(8)).findFirst().orElse(""));
        view.put("crewNames", String.join(", ", crew.stream().filter(c -> !c.startsWith("Captain "))
                .map(c -> c.startsWith("Deckhand ") ? c.substring(9) : c).toList()));
        view.put("cancelled", cancelled);
        view.put("linked", calendarEventId != null);
        view.put("pageUrl", record.pageKey() == null ? null : edgeUrl + "/" + record.pageKey());

        // each layer's verdict comes from Agreement, from what the board read in bulk and what the last sync recorded
        CalendarSeen calendarSeen = cal.value() == null ? CalendarSeen.unreadable(cal.error())
                : event == null ? CalendarSeen.notFound()
                : CalendarSeen.found(event.getEtag(), event.getStatus(),
                        event.getUpdated() == null ? null : Instant.ofEpochMilli(event.getUpdated().getValue()));
        String pageKey = record.pageKey();
        PageSeen pageSeen = s3Pages.value() == null ? PageSeen.unreadable(s3Pages.error())
                : pageKey == null || !s3Pages.value().containsKey(pageKey) ? PageSeen.missing()
                : PageSeen.present(s3Pages.value().get(pageKey), null);
        Roster roster = signedWaivers == null ? null : Roster.of(record, signedWaivers);
        int expected = Agreement.expectedSignatures(record);
        int signed = Agreement.signedSignatures(record, roster == null ? 0 : roster.signed());
        String signedText = signed + " of " + expected + " signed";
        List<Map<String, Object>> layers = new ArrayList<>();
        layers.add(badge(agreement.calendar(record, calendarSeen)));
        layers.add(badge(agreement.record(record, calendarSeen)));
        layers.add(badge(agreement.page(record, pageSeen)));
        layers.add(badge(agreement.edge(record, EdgeSeen.RECORDED, pageSeen)));
        // the waiver badge also says who has signed, and how urgent the rest is
        Map<String, Object> waiver = badge(agreement.waiver(record, signed));
        waiver.put("label", "waiver " + signedText);
        if (cancelled) {
            waiver.put("tone", Boolean.TRUE.equals(waiver.get("ok")) ? WaiverUrgency.NEUTRAL : WaiverUrgency.BAD);
        } else if (Boolean.TRUE.equals(waiver.get("ok"))) {
            WaiverUrgency urgency = WaiverUrgency.assess(signed, expected, roster == null ? List.of() : roster.missingNames(),
                    date, record.departure(), zone, now, urgentWithin);
            waiver.put("tone", urgency.tone());
            waiver.put("label", urgency.label());
            waiver.put("text", urgency.detail());
        }
        layers.add(waiver);
        applyDeadLetters(layers, letters);
        view.put("layers", layers);
        boolean agree = layers.stream().allMatch(l -> Boolean.TRUE.equals(l.get("ok")));
        view.put("agree", agree);
        view.put("attention", !agree || WaiverUrgency.BAD.equals(waiver.get("tone")));
        view.put("deadLetterIds", letters.stream().map(l -> String.valueOf(l.get("id"))).toList());
        return new Row(date, start == null ? LocalTime.MIN : start, view);
    }

    Row unrecordedRow(Event event, List<Map<String, Object>> letters) {
        ZonedDateTime start = start(event);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("eventId", null);
        view.put("guestName", orDash(event.getSummary()));
        view.put("eventType", "—");
        view.put("timeText", start == null ? "all day" : "sails " + CLOCK.format(start));
        view.put("crewText", "—");
        view.put("captain", "");
        view.put("crewNames", "");
        view.put("cancelled", false);
        view.put("linked", false);
        view.put("pageUrl", null);
        List<Map<String, Object>> layers = new ArrayList<>();
        layers.add(badge("calendar", true, "scheduled"));
        layers.add(badge("record", false, "no record: the next sync creates it"));
        layers.add(badge("page", false, "no page"));
        layers.add(badge("edge", false, "nothing to serve"));
        layers.add(badge("waiver", false, "no record for a waiver to attach to"));
        applyDeadLetters(layers, letters);
        view.put("layers", layers);
        view.put("agree", false);
        view.put("attention", true);
        view.put("deadLetterIds", letters.stream().map(l -> String.valueOf(l.get("id"))).toList());
        LocalDate date = start == null ? LocalDate.MIN : start.toLocalDate();
        return new Row(date, start == null ? LocalTime.MIN : start.toLocalTime(), view);
    }

    /** A dead letter of a step turns that step's badge red with the failure's reason. */
    private static void applyDeadLetters(List<Map<String, Object>> layers, List<Map<String, Object>> letters) {
        for (Map<String, Object> letter : letters) {
            String layer = switch (String.valueOf(letter.get("routeId"))) {
                case "page-publish" -> "page";
                case "edge-invalidate", "page-verify" -> "edge";
                case "waiver-verify" -> "waiver";
                default -> "record";
            };
            for (Map<String, Object> badge : layers) {
                if (layer.equals(badge.get("name"))) {
                    badge.put("ok", false);
                    badge.put("tone", WaiverUrgency.BAD);
                    badge.put("text", "failed in " + letter.get("routeId") + ": " + letter.get("reason") + " (dead letter)");
                }
            }
        }
    }

    private static Map<String, Object> badge(Verdict verdict) {
        return badge(verdict.layer(), verdict.agrees(), verdict.text());
    }

    private static Map<String, Object> badge(String name, boolean ok, String text) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", name);
        b.put("label", "page".equals(name) ? "S3 page" : name);
        b.put("ok", ok);
        b.put("tone", ok ? WaiverUrgency.OK : WaiverUrgency.BAD);
        b.put("text", text);
        return b;
    }

    private String timeText(LocalTime start, String arrival, String arriveBy) {
        String arrive;
        try {
            arrive = GuestPageModel.arrivalText(arrival, arriveBy);
        } catch (RuntimeException e) {
            arrive = null;
        }
        String sails = start == null ? null : "sails " + CLOCK.format(start);
        if (arrive == null) {
            return sails == null ? "time to be confirmed" : sails;
        }
        arrive = Character.toLowerCase(arrive.charAt(0)) + arrive.substring(1);
        return sails == null ? arrive : sails + " · " + arrive;
    }

    ZonedDateTime start(Event event) {
        if (event.getStart() == null) {
            return null;
        }
        DateTime t = event.getStart().getDateTime();
        if (t != null) {
            return Instant.ofEpochMilli(t.getValue()).atZone(zone);
        }
        DateTime day = event.getStart().getDate();
        return day == null ? null : LocalDate.parse(day.toStringRfc3339().substring(0, 10)).atStartOfDay(zone);
    }
}
