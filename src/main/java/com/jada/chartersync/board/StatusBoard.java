package com.jada.chartersync.board;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.agreement.Agreement;
import com.jada.chartersync.calendar.CalendarAccess;
import com.jada.chartersync.calendar.CalendarSource;
import com.jada.chartersync.calendar.CalendarWindow;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterListing;
import com.jada.chartersync.deadletter.DeadLetterStore;
import com.jada.chartersync.manifest.WaiversByDate;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.page.PublishedPageCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static com.jada.chartersync.text.Display.orDash;
import static com.jada.chartersync.text.Display.rootMessage;
import static com.jada.chartersync.board.BoardReads.PageDays;
import static com.jada.chartersync.board.BoardReads.Read;
import static com.jada.chartersync.board.CharterRows.Row;

/**
 * What the operator's status board shows: every charter in the polled window with one badge per layer
 * (calendar, record, page in S3, edge, waiver), the last cycles and the dead letters, a page of days at a time
 * (up to {@code charter.board.page-charters} charters). Built from bulk reads only, so a page costs a handful of
 * calls, not several per charter, whatever the season holds: per day of the page one Query of its records and one
 * listing of its folder of the page bucket (started together), one calendar listing of those days, and the open
 * dead letters, issued side by side. The edge and waiver badges come from what the last sync verified and
 * recorded; the live, per-charter check is {@code GET /api/events/{eventId}}. The waiver badge also says how
 * urgent missing signatures are ({@link WaiverUrgency}, against the {@link java.time.Clock} bean): for the days
 * within {@code charter.board.waiver-urgent-within} of now it reads those days' waivers (one Query each) to name
 * who is missing.
 */
@Component
public class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final CalendarSource calendar;
    private final CalendarWindow window;
    private final BoardReads reads;
    private final CharterRows rows;
    private final BoardViews views;
    private final PublishedPageCheck bucket;
    private final DeadLetterStore deadLetters;
    private final SyncCycles cycles;
    private final CalendarAccess access;
    private final WaiversByDate waivers;
    private final Clock clock;
    private final Duration urgentWithin;
    private final String clockFixed;
    private final ZoneId zone;

    public StatusBoard(CalendarSource calendar, CalendarWindow window, PublishedPageCheck bucket,
                       DeadLetterStore deadLetters, SyncCycles cycles, WaiversByDate waivers, Clock clock,
                       CharterSyncProperties properties, CalendarAccess access, Agreement agreement, BoardReads reads) {
        this.calendar = calendar;
        this.window = window;
        this.bucket = bucket;
        this.deadLetters = deadLetters;
        this.cycles = cycles;
        this.waivers = waivers;
        this.clock = clock;
        this.urgentWithin = properties.board().waiverUrgentWithin();
        this.clockFixed = properties.clock().isFixed() ? properties.clock().fixed() : null;
        this.zone = properties.calendar().timeZone();
        this.access = access;
        this.reads = reads;
        this.rows = new CharterRows(agreement, properties.pages().edgeUrl().replaceAll("/+$", ""), zone, urgentWithin);
        this.views = new BoardViews(zone);
    }

    /**
     * The whole board; {@code onlyAttention} leaves out the charters that need none: every layer agrees and no
     * signature is missing within the urgency window.
     */
    public Map<String, Object> build(boolean onlyAttention) {
        return build(onlyAttention, null);
    }

    /**
     * One page of the board: the window's days from {@code from} (the window's first day when null or outside it)
     * up to the day on which the page holds {@code charter.board.page-charters} charters, whole days only. A page
     * reads only its own days: one Query of the records per day, one listing of their pages in S3, one calendar
     * read of those days; whatever the number of charters on other days.
     */
    public Map<String, Object> build(boolean onlyAttention, LocalDate from) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        LocalDate first = windowDate(window.start(now));
        LocalDate last = windowDate(window.end(now).minusMillis(1));
        LocalDate pageFrom = from == null || from.isBefore(first) || from.isAfter(last) ? first : from;
        CompletableFuture<Read<DeadLetterListing>> letters = reads.read(deadLetters::listing);
        Map<LocalDate, CompletableFuture<Read<Map<String, String>>>> dayListings = new TreeMap<>();
        Read<PageDays> pageDays = reads.readDays(pageFrom, last, dayListings);
        LocalDate pageTo = pageDays.value() == null ? min(pageFrom.plusDays(6), last) : pageDays.value().to();
        Instant readFrom = max(pageFrom.atStartOfDay(zone).toInstant(), window.start(now));
        Instant readTo = min(pageTo.plusDays(1).atStartOfDay(zone).toInstant(), window.end(now));
        CompletableFuture<Read<List<Event>>> calendarRead = reads.read(() -> calendar.between(readFrom, readTo));
        for (LocalDate d = pageFrom; !d.isAfter(pageTo); d = d.plusDays(1)) {
            LocalDate day = d;
            dayListings.computeIfAbsent(day, k -> reads.read(() -> bucket.etagsOfDay(day)));
        }
        // Who has signed matters by name only where the badge may turn red: the days the urgency window touches,
        // one Query of the waivers per day (at most two with 24 h), whatever the number of charters.
        Map<LocalDate, CompletableFuture<Read<Map<String, List<Map<String, AttributeValue>>>>>> urgentDays = new TreeMap<>();
        for (LocalDate d = windowDate(now); !d.isAfter(windowDate(now.plus(urgentWithin))); d = d.plusDays(1)) {
            if (!d.isBefore(pageFrom) && !d.isAfter(pageTo)) {
                LocalDate day = d;
                urgentDays.put(day, reads.read(() -> waivers.on(day)));
            }
        }

        List<String> problems = new ArrayList<>();
        Read<List<Event>> cal = calendarRead.join();
        Read<Map<String, String>> s3Pages = BoardReads.pagesOf(dayListings, pageFrom, pageTo);
        Read<DeadLetterListing> dead = letters.join();
        List<Map<String, Object>> deadList = dead.value() == null ? List.of() : dead.value().entries();
        String deadUnreadable = dead.value() == null ? dead.error() : dead.value().tableUnreadable();
        // Google refused the runtime's credentials: the header says so and what to do, in place of a raw read error
        String calendarAccess = cal.refused() != null ? cal.refused()
                : access.problem() != null ? access.problem().getMessage() : null;
        if (cal.refused() == null) {
            cal.problem("calendar").ifPresent(problems::add);
        }
        pageDays.problem("DynamoDB (records)").ifPresent(problems::add);
        s3Pages.problem("S3 (pages)").ifPresent(problems::add);
        dead.problem("DynamoDB (dead letters)").ifPresent(problems::add);
        if (dead.value() != null && deadUnreadable != null) {
            problems.add(deadUnreadable);
        }
        Map<LocalDate, Map<String, List<Map<String, AttributeValue>>>> signedByDay = new HashMap<>();
        urgentDays.forEach((day, read) -> {
            Read<Map<String, List<Map<String, AttributeValue>>>> r = read.join();
            r.problem("DynamoDB (waivers of " + day + ")").ifPresent(problems::add);
            if (r.value() != null) {
                signedByDay.put(day, r.value());
            }
        });
        Map<String, Event> byCalendarId = new HashMap<>();
        if (cal.value() != null) {
            cal.value().forEach(e -> byCalendarId.put(e.getId(), e));
        }
        Map<String, List<Map<String, Object>>> lettersByRef = new HashMap<>();
        for (Map<String, Object> letter : deadList) {
            Object ref = letter.get("eventRef");
            if (ref != null) {
                lettersByRef.computeIfAbsent(ref.toString(), k -> new ArrayList<>()).add(letter);
            }
        }
        List<CharterRecord> recordsOfPage = reads.recordsOfPage(pageDays, byCalendarId.keySet(), problems);

        List<Row> shown = new ArrayList<>();
        java.util.Set<String> linkedCalendarIds = new java.util.HashSet<>();
        java.util.Set<String> shownRecords = new java.util.HashSet<>();
        for (CharterRecord record : recordsOfPage) {
            String calendarEventId = record.calendarEventId();
            if (calendarEventId != null) {
                linkedCalendarIds.add(calendarEventId);
            }
            LocalDate date = record.date();
            if (date == null || date.isBefore(first) || date.isAfter(last) || !shownRecords.add(record.eventId())) {
                continue;
            }
            List<Map<String, Object>> mine = new ArrayList<>(lettersByRef.getOrDefault(record.eventId(), List.of()));
            if (calendarEventId != null) {
                mine.addAll(lettersByRef.getOrDefault("calendar:" + calendarEventId, List.of()));
            }
            Map<String, List<Map<String, AttributeValue>>> daySigned = signedByDay.get(date);
            shown.add(rows.recordRow(record, date, calendarEventId == null ? null : byCalendarId.get(calendarEventId), cal, s3Pages,
                    mine, daySigned == null ? null : daySigned.getOrDefault(record.eventId(), List.of()), now));
        }
        if (pageDays.value() != null) {
            // Calendar events the dispatch tier has never heard of: the drift that leaves a waiver nothing to attach to.
            for (Event event : byCalendarId.values()) {
                ZonedDateTime starts = rows.start(event);
                boolean onPage = starts == null || !starts.toLocalDate().isBefore(pageFrom) && !starts.toLocalDate().isAfter(pageTo);
                if (onPage && !linkedCalendarIds.contains(event.getId())) {
                    shown.add(rows.unrecordedRow(event, lettersByRef.getOrDefault("calendar:" + event.getId(), List.of())));
                }
            }
        }

        shown.sort(Comparator.comparing((Row r) -> r.date()).thenComparing(r -> r.sortTime())
                .thenComparing(r -> String.valueOf(r.view().get("guestName"))));
        CharterRows.Tally tally = CharterRows.tally(shown, onlyAttention);

        Map<String, Object> board = new LinkedHashMap<>();
        board.put("windowText", views.windowText(window.start(now), window.end(now).minusMillis(1)));
        board.putAll(BoardViews.navigation(first, last, pageFrom, pageTo));
        board.put("generatedAt", views.stamp(now));
        board.put("clockFixed", clockFixed);
        board.put("urgentWithin", urgentWithin.toMinutes() % 60 == 0 ? urgentWithin.toHours() + " h" : urgentWithin.toMinutes() + " min");
        board.put("charterCount", shown.size());
        board.put("agreeCount", tally.agree());
        board.put("attentionCount", tally.attention());
        board.put("cancelledCount", tally.cancelled());
        board.put("onlyAttention", onlyAttention);
        // the iCal feed is read-only: crew is corrected in Google Calendar itself
        board.put("crewEditable", calendar.writable());
        board.put("problems", problems);
        board.put("calendarAccess", calendarAccess);
        board.put("days", tally.days());
        board.put("recordsNotice", RecordsNotice.of(pageDays.error(), cal.value()));
        board.put("cycles", cycles.recent().stream().limit(10).map(views::cycle).toList());
        board.put("deadLetters", deadList.stream().map(views::letter).toList());
        // the journal's entries are all that can be listed then: never "nothing has failed"
        board.put("deadLettersUnreadable", deadUnreadable);
        board.put("buildMs", (System.nanoTime() - started) / 1_000_000);
        return board;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private LocalDate windowDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }
}
