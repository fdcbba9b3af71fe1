package com.jada.chartersync.sync;

import com.jada.chartersync.config.CycleFence;
import com.jada.chartersync.leader.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * The leader's cycle and the replica's leadership: a replica that steps down while its cycle runs closes the cycle's
 * fence, so the cycle makes no further AWS call and the next leader reads its events again.
 */
final class LeaderCycleGuard {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderCycleGuard.class);

    private final CycleFence fence;
    private boolean running;

    LeaderCycleGuard(Leadership leadership, CycleFence fence) {
        this.fence = fence;
        leadership.onChange(leads -> {
            synchronized (this) {
                if (!leads && running) {
                    LOG.warn("Stepped down during a cycle: its remaining calls are refused, the next leader reads its "
                            + "events again");
                    fence.close();
                }
            }
        });
    }

    /** Marks the leader's cycle as running; false (and nothing marked) when the replica no longer leads. */
    synchronized boolean begin(BooleanSupplier stillLeading) {
        if (!stillLeading.getAsBoolean()) {
            return false;
        }
        running = true;
        return true;
    }

    /** The cycle ended (or never began): the fence opens for the next one. */
    synchronized void end() {
        running = false;
        fence.open();
    }
}
