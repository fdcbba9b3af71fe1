package com.jada.chartersync.board;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.agreement.Agreement;
import com.jada.chartersync.agreement.Agreement.CalendarSeen;
import com.jada.chartersync.agreement.Agreement.EdgeSeen;
import com.jada.chartersync.agreement.Agreement.PageSeen;
import com.jada.chartersync.agreement.Verdict;
import com.jada.chartersync.calendar.CalendarAccess;
import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.calendar.CalendarSource;
import com.jada.chartersync.calendar.CalendarWindow;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterListing;
import com.jada.chartersync.deadletter.DeadLetterStore;
import com.jada.chartersync.manifest.Roster;
import com.jada.chartersync.manifest.WaiversByDate;
import com.jada.chartersync.page.GuestPageModel;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.CharterRecordMapper;
import com.jada.chartersync.record.RecordsByDate;
import com.jada.chartersync.page.PublishedPageCheck;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static com.jada.chartersync.text.Display.orDash;
import static com.jada.chartersync.text.Display.rootMessage;

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
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", Locale.US);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("h:mm a", Locale.US);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM d, h:mm:ss a z", Locale.US);
    /** The most days whose records (and page listings) are read side by side while a page fills. */
    static final int MAX_DAYS_AT_ONCE = 7;
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("EEE, MMM d", Locale.US);
    private static final DateTimeFormatter LINK_DAY = DateTimeFormatter.ofPattern("EEE d", Locale.US);
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("zzzz", Locale.US);

    private final CalendarSource calendar;
    private final CalendarWindow window;
    private final RecordsByDate byDate;
    private final int pageCharters;
    private final PublishedPageCheck bucket;
    private final DeadLetterStore deadLetters;
    private final SyncCycles cycles;
    private final CalendarAccess access;
    private final Agreement agreement;
    private final WaiversByDate waivers;
    private final Clock clock;
    private final Duration urgentWithin;
    private final String clockFixed;
    private final String edgeUrl;
    private final ZoneId zone;
    // the records and page listings of a few days, the calendar, the dead letters and the waivers of up to two
    // urgent days, all at once
    private final ExecutorService readers = Executors.newFixedThreadPool(12, r -> {
        Thread t = new Thread(r, "status-board-read");
        t.setDaemon(true);
        return t;
    });

    public StatusBoard(CalendarSource calendar, CalendarWindow window, RecordsByDate byDate, PublishedPageCheck bucket,
                       DeadLetterStore deadLetters, SyncCycles cycles, WaiversByDate waivers, Clock clock,
                       CharterSyncProperties properties, CalendarAccess access, Agreement agreement) {
        this.calendar = calendar;
        this.window = window;
        this.byDate = byDate;
        this.pageCharters = properties.board().pageCharters();
        this.bucket = bucket;
        this.deadLetters = deadLetters;
        this.cycles = cycles;
        this.waivers = waivers;
        this.clock = clock;
        this.urgentWithin = properties.board().waiverUrgentWithin();
        this.clockFixed = properties.clock().isFixed() ? properties.clock().fixed() : null;
        this.edgeUrl = properties.pages().edgeUrl().replaceAll("/+$", "");
        this.zone = properties.calendar().timeZone();
        this.access = access;
        this.agreement = agreement;
    }

    @PreDestroy
    void stop() {
        readers.shutdownNow();
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
        CompletableFuture<Read<DeadLetterListing>> letters = read(deadLetters::listing);
        Map<LocalDate, CompletableFuture<Read<Map<String, String>>>> dayListings = new TreeMap<>();
        Read<PageDays> pageDays = readDays(pageFrom, last, dayListings);
        LocalDate pageTo = pageDays.value == null ? min(pageFrom.plusDays(6), last) : pageDays.value.to;
        Instant readFrom = max(pageFrom.atStartOfDay(zone).toInstant(), window.start(now));
        Instant readTo = min(pageTo.plusDays(1).atStartOfDay(zone).toInstant(), window.end(now));
        CompletableFuture<Read<List<Event>>> calendarRead = read(() -> calendar.between(readFrom, readTo));
        for (LocalDate d = pageFrom; !d.isAfter(pageTo); d = d.plusDays(1)) {
            LocalDate day = d;
            dayListings.computeIfAbsent(day, k -> read(() -> bucket.etagsOfDay(day)));
        }
        // Who has signed matters by name only where the badge may turn red: the days the urgency window touches,
        // one Query of the waivers per day (at most two with 24 h), whatever the number of charters.
        Map<LocalDate, CompletableFuture<Read<Map<String, List<Map<String, AttributeValue>>>>>> urgentDays = new TreeMap<>();
        for (LocalDate d = windowDate(now); !d.isAfter(windowDate(now.plus(urgentWithin))); d = d.plusDays(1)) {
            if (!d.isBefore(pageFrom) && !d.isAfter(pageTo)) {
                LocalDate day = d;
                urgentDays.put(day, read(() -> waivers.on(day)));
            }
        }

        List<String> problems = new ArrayList<>();
        Read<List<Event>> cal = calendarRead.join();
        Read<Map<String, String>> s3Pages = pagesOf(dayListings, pageFrom, pageTo);
        Read<DeadLetterListing> dead = letters.join();
        List<Map<String, Object>> deadList = dead.value == null ? List.of() : dead.value.entries();
        String deadUnreadable = dead.value == null ? dead.error : dead.value.tableUnreadable();
        // Google refused the runtime's credentials: the header says so and what to do, in place of a raw read error
        String calendarAccess = cal.refused != null ? cal.refused
                : access.problem() != null ? access.problem().getMessage() : null;
        if (cal.refused == null) {
            cal.problem("calendar").ifPresent(problems::add);
        }
        pageDays.problem("DynamoDB (records)").ifPresent(problems::add);
        s3Pages.problem("S3 (pages)").ifPresent(problems::add);
        dead.problem("DynamoDB (dead letters)").ifPresent(problems::add);
        if (dead.value != null && deadUnreadable != null) {
            problems.add(deadUnreadable);
        }
        Map<LocalDate, Map<String, List<Map<String, AttributeValue>>>> signedByDay = new HashMap<>();
        urgentDays.forEach((day, read) -> {
            Read<Map<String, List<Map<String, AttributeValue>>>> r = read.join();
            r.problem("DynamoDB (waivers of " + day + ")").ifPresent(problems::add);
            if (r.value != null) {
                signedByDay.put(day, r.value);
            }
        });
        Map<String, Event> byCalendarId = new HashMap<>();
        if (cal.value != null) {
            cal.value.forEach(e -> byCalendarId.put(e.getId(), e));
        }
        Map<String, List<Map<String, Object>>> lettersByRef = new HashMap<>();
        for (Map<String, Object> letter : deadList) {
            Object ref = letter.get("eventRef");
            if (ref != null) {
                lettersByRef.computeIfAbsent(ref.toString(), k -> new ArrayList<>()).add(letter);
            }
        }
        List<CharterRecord> recordsOfPage = new ArrayList<>();
        if (pageDays.value != null) {
            recordsOfPage.addAll(pageDays.value.records);
            // Calendar events of these days that no record of these days names: a record on another day (the
            // event moved, not synced yet) is shown with them; one without any record is drift, shown below.
            java.util.Set<String> named = new java.util.HashSet<>();
            recordsOfPage.forEach(r -> {
                if (r.calendarEventId() != null) {
                    named.add(r.calendarEventId());
                }
            });
            List<String> unnamed = byCalendarId.keySet().stream().filter(id -> !named.contains(id)).toList();
            if (!unnamed.isEmpty()) {
                try {
                    Map<String, String> linked = byDate.linksOf(unnamed);
                    byDate.records(linked.values()).forEach(item -> recordsOfPage.add(CharterRecordMapper.fromItem(item)));
                } catch (RuntimeException e) {
                    problems.add("DynamoDB (links): " + rootMessage(e));
                }
            }
        }

        List<Row> rows = new ArrayList<>();
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
            rows.add(recordRow(record, date, calendarEventId == null ? null : byCalendarId.get(calendarEventId), cal, s3Pages,
                    mine, daySigned == null ? null : daySigned.getOrDefault(record.eventId(), List.of()), now));
        }
        if (pageDays.value != null) {
            // Calendar events the dispatch tier has never heard of: the drift that leaves a waiver nothing to attach to.
            for (Event event : byCalendarId.values()) {
                ZonedDateTime starts = start(event);
                boolean onPage = starts == null || !starts.toLocalDate().isBefore(pageFrom) && !starts.toLocalDate().isAfter(pageTo);
                if (onPage && !linkedCalendarIds.contains(event.getId())) {
                    rows.add(unrecordedRow(event, lettersByRef.getOrDefault("calendar:" + event.getId(), List.of())));
                }
            }
        }

        rows.sort(Comparator.comparing((Row r) -> r.date).thenComparing(r -> r.sortTime)
                .thenComparing(r -> String.valueOf(r.view.get("guestName"))));
        int agree = 0;
        int attention = 0;
        int cancelled = 0;
        Map<LocalDate, List<Map<String, Object>>> days = new TreeMap<>();
        for (Row row : rows) {
            boolean ok = Boolean.TRUE.equals(row.view.get("agree"));
            boolean needsAttention = Boolean.TRUE.equals(row.view.get("attention"));
            agree += ok ? 1 : 0;
            attention += needsAttention ? 1 : 0;
            cancelled += Boolean.TRUE.equals(row.view.get("cancelled")) ? 1 : 0;
            if (!onlyAttention || needsAttention) {
                days.computeIfAbsent(row.date, d -> new ArrayList<>()).add(row.view);
            }
        }
        List<Map<String, Object>> dayViews = new ArrayList<>();
        days.forEach((date, charters) -> dayViews.add(Map.of("date", date.toString(), "dateText", DAY.format(date),
                "charters", charters)));

        Map<String, Object> board = new LinkedHashMap<>();
        board.put("windowText", windowText(window.start(now), window.end(now).minusMillis(1)));
        board.put("pageText", pageFrom.equals(first) && pageTo.equals(last) ? "the whole window"
                : SHORT_DAY.format(pageFrom) + (pageTo.equals(pageFrom) ? "" : " – " + SHORT_DAY.format(pageTo)));
        board.put("pageFrom", pageFrom.toString());
        board.put("nextFrom", pageTo.isBefore(last) ? pageTo.plusDays(1).toString() : null);
        List<Map<String, Object>> dayLinks = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            dayLinks.add(Map.of("date", d.toString(), "label", LINK_DAY.format(d),
                    "shown", !d.isBefore(pageFrom) && !d.isAfter(pageTo)));
        }
        board.put("dayLinks", dayLinks);
        board.put("generatedAt", stamp(now));
        board.put("clockFixed", clockFixed);
        board.put("urgentWithin", urgentWithin.toMinutes() % 60 == 0 ? urgentWithin.toHours() + " h" : urgentWithin.toMinutes() + " min");
        board.put("charterCount", rows.size());
        board.put("agreeCount", agree);
        board.put("attentionCount", attention);
        board.put("cancelledCount", cancelled);
        board.put("onlyAttention", onlyAttention);
        // the iCal feed is read-only: crew is corrected in Google Calendar itself
        board.put("crewEditable", calendar.writable());
        board.put("problems", problems);
        board.put("calendarAccess", calendarAccess);
        board.put("days", dayViews);
        board.put("recordsNotice", RecordsNotice.of(pageDays.error(), cal.value()));
        board.put("cycles", cycles.recent().stream().limit(10).map(this::cycleView).toList());
        board.put("deadLetters", deadList.stream().map(this::letterView).toList());
        // the journal's entries are all that can be listed then: never "nothing has failed"
        board.put("deadLettersUnreadable", deadUnreadable);
        board.put("buildMs", (System.nanoTime() - started) / 1_000_000);
        return board;
    }

    /**
     * @param signedWaivers the charter's waivers filed under its date when that day was read (the urgency window), or
     *                      null: then the count is the waiver system's last ({@code waiversSigned}) and no names are known
     */
    private Row recordRow(CharterRecord record, LocalDate date, Event event, Read<List<Event>> cal,
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
        CalendarSeen calendarSeen = cal.value == null ? CalendarSeen.unreadable(cal.error)
                : event == null ? CalendarSeen.notFound()
                : CalendarSeen.found(event.getEtag(), event.getStatus(),
                        event.getUpdated() == null ? null : Instant.ofEpochMilli(event.getUpdated().getValue()));
        String pageKey = record.pageKey();
        PageSeen pageSeen = s3Pages.value == null ? PageSeen.unreadable(s3Pages.error)
                : pageKey == null || !s3Pages.value.containsKey(pageKey) ? PageSeen.missing()
                : PageSeen.present(s3Pages.value.get(pageKey), null);
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

    private Row unrecordedRow(Event event, List<Map<String, Object>> letters) {
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

    private Map<String, Object> cycleView(CycleSummary c) {
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

    private Map<String, Object> letterView(Map<String, Object> letter) {
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

    /**
     * The records of the days from {@code from}, a few days' Queries at a time ({@link #daysAtOnce}), until the
     * page holds {@code pageCharters} charters or the window ends. Each day's listing of its pages in S3 starts with its
     * Query (into {@code listings}), so the page's S3 read does not wait for the records; a listing of a day that
     * turns out to be past the page is simply not used.
     */
    private Read<PageDays> readDays(LocalDate from, LocalDate last,
                                    Map<LocalDate, CompletableFuture<Read<Map<String, String>>>> listings) {
        try {
            List<CharterRecord> out = new ArrayList<>();
            LocalDate day = from;
            LocalDate to = from;
            while (!day.isAfter(last) && out.size() < pageCharters) {
                List<CompletableFuture<List<Map<String, AttributeValue>>>> batch = new ArrayList<>();
                List<LocalDate> dates = new ArrayList<>();
                int atOnce = daysAtOnce(out.size(), (int) java.time.temporal.ChronoUnit.DAYS.between(from, day));
                for (int i = 0; i < atOnce && !day.plusDays(i).isAfter(last); i++) {
                    LocalDate d = day.plusDays(i);
                    dates.add(d);
                    batch.add(CompletableFuture.supplyAsync(() -> byDate.on(d), readers));
                    listings.put(d, read(() -> bucket.etagsOfDay(d)));
                }
                for (int i = 0; i < batch.size() && out.size() < pageCharters; i++) {
                    batch.get(i).join().forEach(item -> out.add(CharterRecordMapper.fromItem(item)));
                    to = dates.get(i);
                }
                day = to.plusDays(1);
            }
            return new Read<>(new PageDays(to, out), null, null);
        } catch (RuntimeException e) {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            LOG.warn("Status board could not read the records: {}", cause.toString());
            return new Read<>(null, rootMessage(cause), null);
        }
    }

    /**
     * How many days to read side by side next: the first day alone (a busy day fills a page by itself), then as
     * many as the days read so far suggest the page still needs, plus one, at most {@value #MAX_DAYS_AT_ONCE}.
     */
    int daysAtOnce(int chartersSoFar, int daysSoFar) {
        if (daysSoFar == 0) {
            return 1;
        }
        if (chartersSoFar == 0) {
            return MAX_DAYS_AT_ONCE;
        }
        long perDay = Math.max(1, chartersSoFar / daysSoFar);
        long needed = (pageCharters - chartersSoFar + perDay - 1) / perDay + 1;
        return (int) Math.max(1, Math.min(MAX_DAYS_AT_ONCE, needed));
    }

    /** The page's pages in S3, its days' listings put together: unreadable when any of them was. */
    private static Read<Map<String, String>> pagesOf(Map<LocalDate, CompletableFuture<Read<Map<String, String>>>> listings,
                                                     LocalDate from, LocalDate to) {
        Map<String, String> etags = new HashMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            Read<Map<String, String>> day = listings.get(d).join();
            if (day.value == null) {
                return day;
            }
            etags.putAll(day.value);
        }
        return new Read<>(etags, null, null);
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

    private record PageDays(LocalDate to, List<CharterRecord> records) {
    }

    private <T> CompletableFuture<Read<T>> read(Supplier<T> reader) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Read<>(reader.get(), null, null);
            } catch (RuntimeException e) {
                CalendarAuthorizationException refused =
                        CalendarAuthorizationException.in(e);
                if (refused != null) {
                    return new Read<T>(null, refused.getMessage(), refused.getMessage());
                }
                LOG.warn("Status board could not read a layer: {}", e.toString());
                return new Read<T>(null, rootMessage(e), null);
            }
        }, readers);
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

    private ZonedDateTime start(Event event) {
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

    /** "Wednesday, May 27, 2026, 5:00 PM – Tuesday, June 16, 2026, 4:59 PM Pacific Daylight Time (America/Los_Angeles)" */
    private String windowText(Instant from, Instant to) {
        ZonedDateTime a = from.atZone(zone);
        ZonedDateTime b = to.atZone(zone);
        return DAY.format(a) + ", " + CLOCK.format(a) + " – " + DAY.format(b) + ", " + CLOCK.format(b) + " "
                + ZONE_NAME.format(b) + " (" + zone.getId() + ")";
    }

    private LocalDate windowDate(Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    private String stamp(Instant instant) {
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


    private record Row(LocalDate date, LocalTime sortTime, Map<String, Object> view) {
    }

    private record Read<T>(T value, String error, String refused) {
        java.util.Optional<String> problem(String what) {
            return error == null ? java.util.Optional.empty() : java.util.Optional.of(what + " not readable: " + error);
        }
    }
}
