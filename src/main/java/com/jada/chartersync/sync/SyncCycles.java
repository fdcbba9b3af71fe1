package com.jada.chartersync.sync;

import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.config.CycleFence;
import com.jada.chartersync.leader.Leadership;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Runs sync cycles one at a time, whoever asks (the poll timer, the API, JMX), and keeps the last ones for
 * operators. The cycle itself is route {@code sync-cycle}. Full cycles run on the leader only: asked of another
 * replica they are left for the leader ({@link CycleRequests}); single-event work runs on any replica.
 */
@Component
public class SyncCycles {

    private static final Logger LOG = LoggerFactory.getLogger(SyncCycles.class);

    private final ProducerTemplate producer;
    private final CallCounter calls;
    private final CycleHistory history;
    private final int fullResyncEvery;
    private final AtomicLong cycleCount = new AtomicLong();
    private final ReentrantLock oneAtATime = new ReentrantLock(true);
    private static final Duration OPERATOR_WAIT = Duration.ofSeconds(20);
    private volatile String runningId;
    private volatile Instant lastStartedAt;

    private final InfrastructureRepair repair;
    private final Leadership leadership;
    private final CycleRequests requests;
    private final LeaderCycleGuard guard;

    public SyncCycles(ProducerTemplate producer, CallCounter calls, CharterSyncProperties properties, MeterRegistry meters,
                      InfrastructureRepair repair, Leadership leadership, CycleRequests requests,
                      CycleFence fence) {
        this.producer = producer;
        this.guard = new LeaderCycleGuard(leadership, fence);
        this.repair = repair;
        this.leadership = leadership;
        this.requests = requests;
        this.history = new CycleHistory(meters);
        this.calls = calls;
        this.fullResyncEvery = properties.sync().fullResyncEvery();
    }

    /**
     * Runs one full cycle now and answers its summary. While another cycle runs it does not wait: the poll timer's
     * tick is skipped (answers null), any other trigger gets {@link CycleRunningException} at once.
     */
    public CycleSummary runCycle(String trigger) {
        long n = cycleCount.incrementAndGet();
        boolean reconcile = fullResyncEvery > 0 && n % fullResyncEvery == 0;
        return runNow(trigger, reconcile);
    }

    /** A cycle that reads the whole window and republishes any page missing from S3 or out of date. */
    public CycleSummary reconcile(String trigger) {
        return runNow(trigger, true);
    }

    /**
     * The leader's look at the cycles asked of other replicas (route {@code cycle-requests}): runs what was asked
     * since the last look, unless a cycle runs now (then the next look does).
     */
    public void runRequested() {
        if (!leadership.leads() || oneAtATime.isLocked()) {
            return;
        }
        CycleRequests.Pending pending = requests.pending();
        if (pending == null) {
            return;
        }
        LOG.info("Running the {} asked of another replica ({})", pending.reconcile() ? "reconcile" : "cycle",
                pending.trigger());
        CycleSummary summary = runNow(pending.trigger(), pending.reconcile(), true);
        if (summary != null) {
            requests.handled(pending);
        }
    }

    private CycleSummary runNow(String trigger, boolean reconcile) {
        return runNow(trigger, reconcile, "timer".equals(trigger));
    }

    private CycleSummary runNow(String trigger, boolean reconcile, boolean skipIfBusy) {
        if (!leadership.leads()) {
            if (skipIfBusy) {
                return null;
            }
            requests.request(trigger, reconcile, leadership.replicaId());
            throw new NotLeaderException(leadership.leader().orElse(null), reconcile);
        }
        BooleanSupplier stillLeading = leadership.stillLeadingNow();
        if (!oneAtATime.tryLock()) {
            if (skipIfBusy) {
                LOG.debug("Poll skipped: cycle {} is still running", runningId);
                return null;
            }
            throw new CycleRunningException(runningId);
        }
        try {
            // first, what a call found gone is made again where the runtime may; once a lost table, bucket or
            // distribution is there again (made here, or back in AWS), this cycle reads and republishes the whole
            // window: what the resource held is gone with it
            boolean back = repair.repairLost();
            if (back) {
                LOG.warn("A lost resource is back: this cycle reconciles the whole window");
            }
            if (!guard.begin(stillLeading)) {
                throw new NotLeaderException(leadership.leader().orElse(null), reconcile);
            }
            return run(new SyncCycle(trigger, reconcile || back).leaderOnly(stillLeading), "direct:sync-cycle", null);
        } finally {
            guard.end();
            oneAtATime.unlock();
        }
    }

    /**
     * Takes the given calendar events through every layer as a reconcile would: no idempotency skip, pages
     * re-checked in S3. For operator actions on one event.
     */
    public CycleSummary runEvents(String trigger, List<?> events) {
        SyncCycle cycle = new SyncCycle(trigger, true);
        cycle.calendarRead("operator", null, null);
        cycle.eventsSeen(events.size());
        return run(cycle, "direct:cycle-publish", events);
    }

    /**
     * A redrive of dead letters: the given current calendar versions through every layer as {@link #runEvents}, their
     * pages uploaded, invalidated and checked again whatever S3 holds. {@code withinCycle}: called by a step of
     * route {@code sync-cycle}, whose cycle holds the one-at-a-time lock (on another thread: the route continues on
     * a worker after its parallel split), so it runs at once; otherwise (a replay) it waits for the lock as
     * {@link #runEvents} does.
     */
    public CycleSummary redrive(String trigger, List<?> events, Set<String> calendarEventIds,
                                boolean withinCycle) {
        SyncCycle cycle = new SyncCycle(trigger, true).forcingPages(calendarEventIds);
        cycle.calendarRead("redrive", null, null);
        cycle.eventsSeen(events.size());
        if (withinCycle && oneAtATime.isLocked()) {
            return runLocked(cycle, "direct:cycle-publish", events);
        }
        return run(cycle, "direct:cycle-publish", events);
    }

    /**
     * Runs the given payload through the cycle's processing without reading the calendar: a list of calendar
     * events into {@code direct:cycle-publish}, or a published page into {@code direct:pages-verify}.
     */
    public CycleSummary runPayload(String trigger, String endpoint, Object payload) {
        return run(new SyncCycle(trigger), endpoint, payload);
    }

    /** Single-event work (an operator's action, a replay) waits a little for a running cycle, then gives up. */
    private CycleSummary run(SyncCycle cycle, String endpoint, Object payload) {
        boolean locked;
        try {
            locked = oneAtATime.tryLock(OPERATOR_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CycleRunningException(runningId);
        }
        if (!locked) {
            throw new CycleRunningException(runningId);
        }
        try {
            return runLocked(cycle, endpoint, payload);
        } finally {
            oneAtATime.unlock();
        }
    }

    private CycleSummary runLocked(SyncCycle cycle, String endpoint, Object payload) {
        String trigger = cycle.trigger();
        String outerId = runningId;
        runningId = cycle.id();
        lastStartedAt = Instant.now();
        MDC.put("cycleId", cycle.id());
        Map<String, Long> callsBefore = calls.snapshot();
        try {
            Exchange done = producer.send(endpoint, exchange -> {
                exchange.getMessage().setBody(payload == null ? cycle : payload);
                exchange.setProperty(SyncCycle.PROPERTY, cycle);
            });
            if (done.getException() != null) {
                // The cycle as a whole could not run (e.g. the calendar stayed unreachable through its retries).
                cycle.failed("cycle aborted: " + done.getException().getMessage());
                LOG.warn("Cycle {} aborted", cycle.id(), done.getException());
            }
            cycle.calls(CallCounter.delta(callsBefore, calls.snapshot()));
            CycleSummary summary = cycle.finish();
            history.add(summary);
            LOG.info("Cycle {} ({}): {} events seen, {} changed, {} records written, {} pages uploaded, {} paths invalidated, "
                            + "{} verified, {} dead-lettered in {} ms", summary.cycleId(), trigger, summary.eventsSeen(),
                    summary.eventsChanged(), summary.recordsWritten(), summary.pagesUploaded(), summary.pathsInvalidated(),
                    summary.pagesVerified(), summary.deadLettered(), summary.durationMs());
            return summary;
        } finally {
            MDC.remove("eventId");
            // a redrive runs inside a cycle: the outer cycle is running again
            runningId = outerId;
            if (outerId == null) {
                MDC.remove("cycleId");
            } else {
                MDC.put("cycleId", outerId);
            }
        }
    }

    /** When the last cycle (any trigger) began; null before the first. */
    public Instant lastStartedAt() {
        return lastStartedAt;
    }

    public List<CycleSummary> recent() {
        return history.recent();
    }
}
