package com.jada.chartersync.board;

import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.page.PublishedPageCheck;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.CharterRecordMapper;
import com.jada.chartersync.record.RecordsByDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

import static com.jada.chartersync.text.Display.rootMessage;

/**
 * How the status board reads: side by side on the operator pages' readers ({@code pageReaders}), each read
 * answering its value or why it could not be read (a refusal of the Google credentials apart), so one unreadable
 * layer never hides the others; and a page's days, a few days' Queries at a time, until the page is full.
 */
@Component
class BoardReads {

    private static final Logger LOG = LoggerFactory.getLogger(BoardReads.class);
    /** The most days whose records (and page listings) are read side by side while a page fills. */
    static final int MAX_DAYS_AT_ONCE = 7;

    /** A read's answer: its value, or why it could not be read ({@code refused}: Google refused the credentials). */
    record Read<T>(T value, String error, String refused) {
        Optional<String> problem(String what) {
            return error == null ? Optional.empty() : Optional.of(what + " not readable: " + error);
        }
    }

    /** The records of a page's days, and its last day. */
    record PageDays(LocalDate to, List<CharterRecord> records) {
    }

    private final RecordsByDate byDate;
    private final PublishedPageCheck bucket;
    private final int pageCharters;
    private final ExecutorService readers;

    BoardReads(RecordsByDate byDate, PublishedPageCheck bucket, CharterSyncProperties properties,
               @Qualifier("pageReaders") ExecutorService readers) {
        this.byDate = byDate;
        this.readers = readers;
        this.bucket = bucket;
        this.pageCharters = properties.board().pageCharters();
    }

    <T> CompletableFuture<Read<T>> read(Supplier<T> reader) {
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

    /**
     * The records of the days from {@code from}, a few days' Queries at a time ({@link #daysAtOnce}), until the
     * page holds {@code pageCharters} charters or the window ends. Each day's listing of its pages in S3 starts with its
     * Query (into {@code listings}), so the page's S3 read does not wait for the records; a listing of a day that
     * turns out to be past the page is simply not used.
     */
    Read<PageDays> readDays(LocalDate from, LocalDate last,
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
    static Read<Map<String, String>> pagesOf(Map<LocalDate, CompletableFuture<Read<Map<String, String>>>> listings,
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

    /**
     * The records of the page's days, and those of calendar events of these days that no record of these days names
     * (a record on another day: the event moved, not synced yet), read by their links; an event without any record
     * is drift, shown as such by the caller. A failure of the links' read is added to {@code problems}.
     */
    List<CharterRecord> recordsOfPage(Read<PageDays> pageDays, Collection<String> calendarIds, List<String> problems) {
        List<CharterRecord> out = new ArrayList<>();
        if (pageDays.value() == null) {
            return out;
        }
        out.addAll(pageDays.value().records());
        Set<String> named = new HashSet<>();
        out.forEach(r -> {
            if (r.calendarEventId() != null) {
                named.add(r.calendarEventId());
            }
        });
        List<String> unnamed = calendarIds.stream().filter(id -> !named.contains(id)).toList();
        if (!unnamed.isEmpty()) {
            try {
                Map<String, String> linked = byDate.linksOf(unnamed);
                byDate.records(linked.values()).forEach(item -> out.add(CharterRecordMapper.fromItem(item)));
            } catch (RuntimeException e) {
                problems.add("DynamoDB (links): " + rootMessage(e));
            }
        }
        return out;
    }
}
