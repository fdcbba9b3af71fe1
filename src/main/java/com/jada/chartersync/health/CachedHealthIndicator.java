package com.jada.chartersync.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * A health check that asks its service at most once per period; a failure is DOWN with the reason. An optional
 * generation (e.g. of the calendar's access state) makes a cached answer stale as soon as it changes.
 */
final class CachedHealthIndicator implements HealthIndicator {

    private final Duration period;
    private final Callable<Health> check;
    private final LongSupplier generation;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile long checkedGeneration;

    CachedHealthIndicator(Duration period, Callable<Health> check) {
        this(period, () -> 0L, check);
    }

    CachedHealthIndicator(Duration period, LongSupplier generation, Callable<Health> check) {
        this.period = period;
        this.check = check;
        this.generation = generation;
    }

    @Override
    public Health health() {
        Instant now = Instant.now();
        long current = generation.getAsLong();
        if (last == null || checkedAt.plus(period).isBefore(now) || current != checkedGeneration) {
            Health h;
            try {
                h = check.call();
            } catch (Exception e) {
                // the cause, not Camel's wrapper: "CamelExecutionException: ... Exchange[]" tells an operator nothing
                Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
                h = Health.down().withDetail("reason", cause.getClass().getSimpleName() + ": " + cause.getMessage()).build();
            }
            last = Health.status(h.getStatus()).withDetails(h.getDetails()).withDetail("checkedAt", now.toString()).build();
            // what the check itself changed (e.g. it met a refusal) is part of this answer
            checkedGeneration = generation.getAsLong();
            checkedAt = now;
        }
        return last;
    }
}
