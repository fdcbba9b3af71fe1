package com.jada.chartersync.cycle;

import com.jada.chartersync.config.CharterSyncProperties;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule the shared error policy retries by: the retries, then a cycle's budget of failed events and time. */
class RetryBudgetTest {

    private static final CharterSyncProperties.Sync SYNC = new CharterSyncProperties.Sync(Duration.ofSeconds(60),
            Duration.ofSeconds(5), 0, null, 2, 3, Duration.ofMinutes(2), 16);

    private final RetryBudget budget = new RetryBudget(new CharterSyncProperties(null, null, null, null, SYNC, null, null, null));
    private final DefaultCamelContext camel = new DefaultCamelContext();

    private Exchange attempt(int redelivery, SyncCycle cycle) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(Exchange.REDELIVERY_COUNTER, redelivery);
        if (cycle != null) {
            exchange.setProperty(SyncCycle.PROPERTY, cycle);
        }
        return exchange;
    }

    @Test
    void aFailingStepIsRetriedUpToTheConfiguredTimes() {
        SyncCycle cycle = new SyncCycle("test");
        assertThat(budget.matches(attempt(1, cycle))).isTrue();
        assertThat(budget.matches(attempt(2, cycle))).isTrue();
        assertThat(budget.matches(attempt(3, cycle))).isFalse();
        assertThat(budget.matches(attempt(1, null))).as("outside a cycle: the retries alone").isTrue();
    }

    @Test
    void onceThreeEventsOfTheCycleGaveUpNoFurtherStepIsRetried() {
        SyncCycle cycle = new SyncCycle("test");
        cycle.deadLettered("page-publish: down");
        cycle.deadLettered("page-publish: down");
        assertThat(budget.matches(attempt(1, cycle))).isTrue();
        cycle.deadLettered("page-publish: down");
        assertThat(budget.matches(attempt(1, cycle))).isFalse();
        assertThat(budget.matches(attempt(1, new SyncCycle("next")))).as("the next cycle starts with a full budget").isTrue();
    }
}
