package com.jada.chartersync.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;

import com.jada.chartersync.config.CallCounter;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A dependency's health: DOWN while the runtime's own calls to it are failing (whatever a probe says), else a
 * probe that asks the service at most once per period; a failure is DOWN with the reason. An optional generation
 * (e.g. of the calendar's access state) makes a cached answer stale as soon as it changes.
 */
final class CachedHealthIndicator implements HealthIndicator {

    private final Duration period;
    private final Callable<Health> check;
    private final Supplier<Optional<CallCounter.Failing>> recentCalls;
    private final LongSupplier generation;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile long checkedGeneration;

    CachedHealthIndicator(Duration period, Supplier<Optional<CallCounter.Failing>> recentCalls, Callable<Health> check) {
        this(period, recentCalls, () -> 0L, check);
    }

    CachedHealthIndicator(Duration period, Supplier<Optional<CallCounter.Failing>> recentCalls, LongSupplier generation,
                          Callable<Health> check) {
        this.period = period;
        this.check = check;
        this.recentCalls = recentCalls;
        this.generation = generation;
    }

    @Override
    public Health health() {
        Optional<CallCounter.Failing> failing = recentCalls.get();
        if (failing.isPresent()) {
            CallCounter.Failing f = failing.get();
            return Health.down().withDetail("reason", f.reason()).withDetail("failingSince", f.since().toString())
                    .withDetail("failedCallsInARow", f.inARow()).withDetail("lastFailure", f.last().toString()).build();
        }
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
