package com.jada.chartersync.cycle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** One sync cycle's running account; carried on the exchange as property {@value #PROPERTY}. */
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
    private final List<PublishedPage> uploaded = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private volatile String invalidationId;
    private volatile String calendarRead;
    private volatile String nextSyncToken;
    private volatile String previousSyncToken;
    private volatile Map<String, Long> calls = Map.of();
    private volatile int pathsInvalidated;
    private volatile com.jada.chartersync.record.KnownState knownState = com.jada.chartersync.record.KnownState.NONE;

    private final boolean reconciling;
    private final Map<String, Object> memos = new java.util.concurrent.ConcurrentHashMap<>();

    public SyncCycle(String trigger) {
        this(trigger, false);
    }

    /** @param reconciling read the whole window and re-check every event's page, not only what changed */
    public SyncCycle(String trigger, boolean reconciling) {
        this.trigger = trigger;
        this.reconciling = reconciling;
    }

    public boolean reconciling() {
        return reconciling;
    }

    /** Something worth computing once per cycle (e.g. one scan instead of one per event), kept for its length. */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, java.util.function.Supplier<T> loader) {
        return (T) memos.computeIfAbsent(key, k -> loader.get());
    }

    /** What DynamoDB held for this cycle's events when it began, read in batches (route cycle-publish). */
    public com.jada.chartersync.record.KnownState knownState() {
        return knownState;
    }

    public void knownState(com.jada.chartersync.record.KnownState state) {
        this.knownState = state;
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

    public void pageUploaded(PublishedPage page) {
        uploaded.add(page);
    }

    public List<PublishedPage> uploadedPages() {
        synchronized (uploaded) {
            return List.copyOf(uploaded);
        }
    }

    public void invalidated(String invalidationId, int paths) {
        this.invalidationId = invalidationId;
        this.pathsInvalidated = paths;
    }

    public String invalidationId() {
        return invalidationId;
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

    public CycleSummary finish() {
        finishedAt = Instant.now();
        return summary();
    }

    public CycleSummary summary() {
        Instant end = finishedAt != null ? finishedAt : Instant.now();
        return new CycleSummary(id, trigger, calendarRead, startedAt, finishedAt, Duration.between(startedAt, end).toMillis(),
                eventsSeen.get(), eventsChanged.get(), recordsWritten.get(), uploaded.size(), pathsInvalidated,
                invalidationId, pagesVerified.get(), waiversVerified.get(), deadLettered.get(), List.copyOf(failures), calls);
    }
}
