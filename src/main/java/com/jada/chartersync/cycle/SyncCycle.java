package com.jada.chartersync.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sync cycle's running account, carried on the exchange as property {@value #PROPERTY}: its counters and what each
 * calendar event reached (for the processed keys and the dead letters it resolves). Safe to update from parallel
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

    // Crash safety: an event version's processed key is written only once its work is done (see keysToCommit)
    private final Map<String, String> pendingKeys = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> completedEvents = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> failedEvents = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> pagesCheckedOnly = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> uploadedEvents = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final boolean reconciling;
    /** Calendar events whose page goes through upload, edge and waiver again whatever S3 holds (a redrive). */
    private volatile java.util.Set<String> forcedPages = java.util.Set.of();

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
    public SyncCycle leaderOnly(java.util.function.BooleanSupplier stillLeading) {
        this.stillLeading = stillLeading;
        return this;
    }

    /**
     * True once the replica running this leader's cycle no longer leads: the cycle takes no further event, retries
     * nothing and leaves the calendar's cursor where it was, so the next leader reads those events again.
     */
    public boolean deposed() {
        java.util.function.BooleanSupplier s = stillLeading;
        return s != null && !s.getAsBoolean();
    }

    private volatile java.util.function.BooleanSupplier stillLeading;

    public boolean reconciling() {
        return reconciling;
    }

    /** A redrive: these events' pages are uploaded, invalidated and checked again, whatever S3 holds. */
    public SyncCycle forcingPages(java.util.Set<String> calendarEventIds) {
        this.forcedPages = java.util.Set.copyOf(calendarEventIds);
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
        if (calendarEventId != null) {
            uploadedEvents.add(calendarEventId);
        }
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

    public void deadLettered(String reason) {
        deadLettered.incrementAndGet();
        failures.add(reason);
    }

    public void failed(String reason) {
        failures.add(reason);
    }

    /** The event version went through its record step; its key waits for the rest of its work. */
    public void processedPending(String calendarEventId, String key) {
        pendingKeys.put(calendarEventId, key);
    }

    /** The calendar event's page was verified at the edge and the waiver system answered: every layer agrees. */
    public void completed(String calendarEventId) {
        if (calendarEventId != null) {
            completedEvents.add(calendarEventId);
        }
    }

    /** The page was checked but the waiver system failed: the version's own work is done, its waiver check is not. */
    public void verifiedExceptWaiver(String calendarEventId) {
        if (calendarEventId != null) {
            pagesCheckedOnly.add(calendarEventId);
        }
    }

    /** Something for this calendar event was dead-lettered in this cycle. */
    public void eventFailed(String calendarEventId) {
        failedEvents.add(calendarEventId);
    }

    /** The calendar versions this run took through the record step: calendar event id → etag. */
    public Map<String, String> processedVersions() {
        Map<String, String> out = new java.util.HashMap<>();
        // keys are "<calendar event id>:<etag>" (route event-upsert)
        pendingKeys.forEach((calendarEventId, key) -> out.put(calendarEventId, key.substring(calendarEventId.length() + 1)));
        return out;
    }

    /** Calendar events verified in every layer in this run: whatever they failed with before is resolved. */
    public java.util.Set<String> verifiedEvents() {
        java.util.Set<String> out = new java.util.HashSet<>(completedEvents);
        out.removeAll(failedEvents);
        return out;
    }

    /**
     * Calendar events whose record is current and whose page needed no new upload in this run: what failed before in
     * their record or page step is resolved (an earlier edge or waiver failure is not: nothing re-checked those).
     */
    public java.util.Set<String> recordedCurrentEvents() {
        java.util.Set<String> out = new java.util.HashSet<>(pendingKeys.keySet());
        out.removeAll(uploadedEvents);
        out.removeAll(failedEvents);
        return out;
    }

    /**
     * The processed keys this cycle may write now: event versions whose work is done, that is, verified, or
     * needing no new page; never one that failed or whose uploaded page was not verified (a crash or an edge
     * failure leaves it to be taken through again).
     */
    public List<String> keysToCommit() {
        java.util.Set<String> waiting = awaitingVerification();
        List<String> out = new ArrayList<>();
        pendingKeys.forEach((calendarEventId, key) -> {
            if (!failedEvents.contains(calendarEventId) && !waiting.contains(calendarEventId)) {
                out.add(key);
            }
        });
        return out;
    }

    private java.util.Set<String> awaitingVerification() {
        java.util.Set<String> waiting = new java.util.HashSet<>(uploadedEvents);
        waiting.removeAll(completedEvents);
        waiting.removeAll(pagesCheckedOnly);
        return waiting;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public int deadLetteredSoFar() {
        return deadLettered.get();
    }

    private final java.util.concurrent.atomic.AtomicBoolean retriesSuspended = new java.util.concurrent.atomic.AtomicBoolean();

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
