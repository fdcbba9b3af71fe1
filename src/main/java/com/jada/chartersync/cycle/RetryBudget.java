package com.jada.chartersync.cycle;

import com.jada.chartersync.config.CharterSyncProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a failed step is retried (the shared error policy's {@code retryWhileRef}): up to
 * {@code charter.sync.max-redeliveries} times, unless the cycle has already given up on several events or has run
 * past its time budget. A dependency that is down then costs each further event one attempt instead of the whole
 * backoff, and does not hold the rest of the cycle (or the next trigger) behind it.
 */
@Component("retryBudget")
public class RetryBudget implements Predicate {

    private static final Logger LOG = LoggerFactory.getLogger(RetryBudget.class);

    private final int maxRedeliveries;
    private final int deadLettersBeforeGivingUp;
    private final Duration cycleBudget;

    public RetryBudget(CharterSyncProperties properties) {
        this.maxRedeliveries = properties.sync().maxRedeliveries();
        this.deadLettersBeforeGivingUp = properties.sync().retryUntilDeadLetters();
        this.cycleBudget = properties.sync().retryBudget();
    }

    @Override
    public boolean matches(Exchange exchange) {
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        if (attempt > maxRedeliveries) {
            return false;
        }
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);
        if (cycle == null) {
            return true;
        }
        if (cycle.deposed()) {
            // the replica stepped down: the next leader takes the event through again
            return false;
        }
        if (cycle.deadLetteredSoFar() >= deadLettersBeforeGivingUp) {
            if (cycle.noteRetriesSuspended()) {
                LOG.warn("Cycle {}: {} events already dead-lettered; failing steps are not retried for the rest of it",
                        cycle.id(), cycle.deadLetteredSoFar());
            }
            return false;
        }
        if (cycle.startedAt().plus(cycleBudget).isBefore(Instant.now())) {
            if (cycle.noteRetriesSuspended()) {
                LOG.warn("Cycle {} ran past its retry budget of {}; failing steps are not retried for the rest of it",
                        cycle.id(), cycleBudget);
            }
            return false;
        }
        return true;
    }
}
