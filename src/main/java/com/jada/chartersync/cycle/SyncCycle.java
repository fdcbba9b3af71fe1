package com.jada.chartersync.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * One sync cycle's running account, carried on the exchange as property {@value #PROPERTY}: its counters and what each
 * calendar event reached ({@link EventProgress}). Safe to update from parallel
 * splits: atomic counters and concurrent sets only. What the steps hand each other travels as route variables, not
 * here.
 */
public final class SyncCycle {

    public static final String PROPERTY = "cycle";

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String trigger;
    private final Instant startedAt = Instant.now();
    private Instant finishedAt;
    private final AtomicInteger eventsSeen = new AtomicInteger();
    private final AtomicInteger eventsChanged = new AtomicInteger();
    private final AtomicInteger recordsWritten = new AtomicInteger();
    private final AtomicInteger pagesVerified = new AtomicInteger();
    private final AtomicInteger waiversVerified = new AtomicInteger();
    private final AtomicInteger deadLettered = new AtomicInteger();
    private final AtomicInteger pagesUploaded = new AtomicInteger();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile String invalidationId;
    private volatile String calendarRead;
    private volatile String nextSyncToken;
    private volatile String previousSyncToken;
    private volatile Map<String, Long> calls = Map.of();
    private volatile int pathsInvalidated;

    private final EventProgress events = new EventProgress();

    private final boolean reconciling;
    /** Calendar events whose page goes through upload, edge and waiver again whatever S3 holds (a redrive). */
    private volatile Set<String> forcedPages = Set.of();

    public SyncCycle(String trigger) {
        this(trigger, false);
    }

    /** @param reconciling read the whole window and re-check every event's page, not only what changed */
    public SyncCycle(String trigger, boolean reconciling) {
        this.trigger = trigger;
        this.reconciling = reconciling;
    }

    /**
     * Marks this cycle as the leader's (a poll, a push, a full sync): {@code stillLeading} answers whether the
     * replica still leads in the term the cycle began in. Work on any replica (one event, a replay) has none.
     */
    public SyncCycle leaderOnly(BooleanSupplier stillLeading) {
        this.stillLeading = stillLeading;
        return this;
    }

    /**
     * True once the replica running this leader's cycle no longer leads: the cycle takes no further event, retries
     * nothing and leaves the calendar's cursor where it was, so the next leader reads those events again.
     */
    public boolean deposed() {
        BooleanSupplier s = stillLeading;
        return s != null && !s.getAsBoolean();
    }

    private volatile BooleanSupplier stillLeading;

    public boolean reconciling() {
        return reconciling;
    }

    /** A redrive: these events' pages are uploaded, invalidated and checked again, whatever S3 holds. */
    public SyncCycle forcingPages(Set<String> calendarEventIds) {
        this.forcedPages = Set.copyOf(calendarEventIds);
        return this;
    }

    public boolean forcesPage(String calendarEventId) {
        return calendarEventId != null && forcedPages.contains(calendarEventId);
    }

    public String id() {
        return id;
    }

    public String trigger() {
        return trigger;
    }

    public void calendarRead(String mode, String previousSyncToken, String nextSyncToken) {
        this.calendarRead = mode;
        this.previousSyncToken = previousSyncToken;
        this.nextSyncToken = nextSyncToken;
    }

    /** True when the calendar handed out a token other than the one this cycle started from. */
    public boolean syncTokenAdvanced() {
        return nextSyncToken != null && !nextSyncToken.equals(previousSyncToken);
    }

    public String nextSyncToken() {
        return nextSyncToken;
    }

    public void calls(Map<String, Long> calls) {
        this.calls = calls;
    }

    public int eventsSeen() {
        return eventsSeen.get();
    }

    public void eventsSeen(int n) {
        eventsSeen.addAndGet(n);
    }

    public void recordWritten() {
        recordsWritten.incrementAndGet();
        eventsChanged.incrementAndGet();
    }

    /** A page was uploaded for the calendar event (null for a record no calendar event owns). */
    public void pageUploaded(String calendarEventId) {
        pagesUploaded.incrementAndGet();
        events.uploaded(calendarEventId);
    }

    public void invalidated(String invalidationId, int paths) {
        this.invalidationId = invalidationId;
        this.pathsInvalidated = paths;
    }

    public void pageVerified() {
        pagesVerified.incrementAndGet();
    }

    public void waiverVerified() {
        waiversVerified.incrementAndGet();
    }

    /** What each calendar event reached in this cycle: the processed keys it may write, the dead letters it resolves. */
    public EventProgress events() {
        return events;
    }

    public void deadLettered(String reason) {
        deadLettered.incrementAndGet();
        failures.add(reason);
    }

    public void failed(String reason) {
        failures.add(reason);
    }

    public Instant startedAt() {
        return startedAt;
    }

    public int deadLetteredSoFar() {
        return deadLettered.get();
    }

    private final AtomicBoolean retriesSuspended = new AtomicBoolean();

    /** True the first time only: retries were suspended for the rest of this cycle. */
    public boolean noteRetriesSuspended() {
        return retriesSuspended.compareAndSet(false, true);
    }

    public CycleSummary finish() {
        finishedAt = Instant.now();
        return summary();
    }

    public CycleSummary summary() {
        Instant end = finishedAt != null ? finishedAt : Instant.now();
        return new CycleSummary(id, trigger, calendarRead, startedAt, finishedAt, Duration.between(startedAt, end).toMillis(),
                eventsSeen.get(), eventsChanged.get(), recordsWritten.get(), pagesUploaded.get(), pathsInvalidated,
                invalidationId, pagesVerified.get(), waiversVerified.get(), deadLettered.get(), failuresSoFar(), calls);
    }

    /** What went wrong; a cycle whose replica stepped down says so, as its failures were left to the next leader. */
    private List<String> failuresSoFar() {
        List<String> all = new ArrayList<>(failures);
        if (deposed()) {
            all.add(DEPOSED);
        }
        return List.copyOf(all);
    }

    static final String DEPOSED = "this replica stepped down during the cycle (its lease could not be renewed): what it had "
            + "not finished is left to the next leader, which reads those events again";
}
