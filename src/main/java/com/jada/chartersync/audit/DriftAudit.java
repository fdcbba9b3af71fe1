package com.jada.chartersync.audit;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.agreement.Agreement;
import com.jada.chartersync.agreement.Agreement.PageSeen;
import com.jada.chartersync.agreement.Verdict;
import com.jada.chartersync.calendar.CalendarSource;
import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.page.PageListing;
import com.jada.chartersync.page.PublishedPageCheck;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.KnownState;
import com.jada.chartersync.record.StatePrefetcher;
import com.jada.chartersync.sync.CycleRunningException;
import com.jada.chartersync.sync.SyncCycles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drift heals with nobody pressing reconcile: every {@code charter.audit.interval} the leader's poll route (route
 * {@code calendar-poll}, under {@code master:}) asks for an audit. It reads the window (cancelled events included),
 * the events' links and records in batches (as a cycle does) and one S3 listing per date folder, and finds the
 * pages missing from S3 or not the ones published and the events without a record. Those events, and only those,
 * go through the cycle at once as a reconcile would take them (record rebuilt, page uploaded again, edge and
 * waiver checked); a second look then says what is still wrong, for the health indicator and the board.
 */
@Component
public class DriftAudit {

    private static final Logger LOG = LoggerFactory.getLogger(DriftAudit.class);

    private final CalendarSource calendar;
    private final StatePrefetcher prefetcher;
    private final PublishedPageCheck pages;
    private final Agreement agreement;
    private final SyncCycles cycles;
    private final CallCounter calls;
    private final Duration interval;
    private volatile Instant lastRun;
    private volatile DriftReport last;

    public DriftAudit(CalendarSource calendarSource, StatePrefetcher prefetcher, PublishedPageCheck pages,
                      Agreement agreement, SyncCycles cycles, CallCounter calls,
                      @Value("${charter.audit.interval:15m}") Duration interval) {
        this.calendar = calendarSource;
        this.prefetcher = prefetcher;
        this.pages = pages;
        this.agreement = agreement;
        this.cycles = cycles;
        this.calls = calls;
        this.interval = interval;
    }

    /** Whether the poll tick runs an audit now: once every interval (0 or less: never). */
    public boolean due() {
        Instant previous = lastRun;
        return !interval.isZero() && !interval.isNegative()
                && (previous == null || !previous.plus(interval).isAfter(Instant.now()));
    }

    /** Audits, repairs what it found in one reconcile-mode run of those events, and answers what is still wrong. */
    public synchronized DriftReport run() {
        lastRun = Instant.now();
        Found found = find();
        DriftReport report = found.report();
        if (!found.events().isEmpty()) {
            LOG.warn("Audit: {} page(s) missing and {} different in S3, {} record(s) missing; repairing {} event(s)",
                    report.pagesMissing().size(), report.pagesDifferent().size(), report.recordsMissing().size(),
                    found.events().size());
            try {
                cycles.runEvents("audit", found.events());
            } catch (CycleRunningException busy) {
                LOG.info("Audit repair left to the next audit: {}", busy.getMessage());
            }
            report = find().report().repairing(found.events().size());
        }
        last = report;
        return report;
    }

    /** The last audit's report; null before the first. */
    public DriftReport last() {
        return last;
    }

    /** One look, nothing repaired (the health indicator shows what it found). */
    public Found find() {
        Instant at = Instant.now();
        long t0 = System.nanoTime();
        Map<String, Long> before = calls.snapshot();
        try {
            List<Event> window = calendar.auditWindow();
            KnownState known = prefetcher.prefetch(window, new SyncCycle("audit"));
            PageListing listing = pages.listing();
            Set<String> folders = new LinkedHashSet<>();
            List<String> missingPages = new ArrayList<>();
            List<String> differentPages = new ArrayList<>();
            List<String> missingRecords = new ArrayList<>();
            List<Event> repair = new ArrayList<>();
            for (Event event : window) {
                String drift = drift(event, known, listing, folders);
                if (drift == null) {
                    continue;
                }
                repair.add(event);
                switch (drift) {
                    case MISSING_RECORD -> missingRecords.add(event.getId());
                    case MISSING_PAGE -> missingPages.add(known.links().get(event.getId()));
                    default -> differentPages.add(known.links().get(event.getId()));
                }
            }
            DriftReport report = new DriftReport(at, (System.nanoTime() - t0) / 1_000_000, window.size(), folders.size(),
                    List.copyOf(missingPages), List.copyOf(differentPages), List.copyOf(missingRecords), 0,
                    CallCounter.delta(before, calls.snapshot()), null);
            last = report;
            return new Found(report, List.copyOf(repair));
        } catch (RuntimeException e) {
            String reason = String.valueOf(NestedExceptionUtils.getMostSpecificCause(e).getMessage());
            LOG.warn("Audit could not read what it checks: {}", reason);
            return new Found(DriftReport.failed(at, (System.nanoTime() - t0) / 1_000_000, reason), List.of());
        }
    }

    private static final String MISSING_RECORD = "record";
    private static final String MISSING_PAGE = "page missing";
    private static final String DIFFERENT_PAGE = "page different";

    /** What is wrong for one calendar event (null: nothing the audit can see). */
    private String drift(Event event, KnownState known, PageListing listing, Set<String> folders) {
        String eventId = known.links().get(event.getId());
        if (eventId == null) {
            // never linked: a new event is the ordinary cycle's work; one whose version was processed lost its link
            return known.processedKeys().contains(event.getId() + ":" + event.getEtag()) ? MISSING_RECORD : null;
        }
        CharterRecord record = known.record(eventId);
        if (record == null) {
            return MISSING_RECORD;
        }
        String key = record.pageKey();
        int slash = key == null ? -1 : key.lastIndexOf('/');
        if (slash <= 0 || record.publication().publishedEtag() == null) {
            return null; // not published yet: the cycle's or a dead letter's work, not drift
        }
        String folder = key.substring(0, slash + 1);
        folders.add(folder);
        Map<String, String> listed = listing.folder(folder);
        PageSeen seen = listed.containsKey(key) ? PageSeen.present(listed.get(key), null) : PageSeen.missing();
        Verdict verdict = agreement.page(record, seen);
        if (verdict.agrees() || !record.publishedCurrentVersion()) {
            return null;
        }
        return seen.present() ? DIFFERENT_PAGE : MISSING_PAGE;
    }

    /** What an audit found and the calendar events to take through again. */
    public record Found(DriftReport report, List<Event> events) {
    }
}
