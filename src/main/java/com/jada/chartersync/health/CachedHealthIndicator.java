package com.jada.chartersync.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.core.NestedExceptionUtils;

import com.jada.chartersync.config.CallCounter;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private final Supplier<? extends java.util.Collection<CallCounter.Failing>> recentCalls;
    private final LongSupplier generation;
    private final Status downStatus;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;
    private volatile long checkedGeneration;

    CachedHealthIndicator(Duration period, Supplier<? extends java.util.Collection<CallCounter.Failing>> recentCalls,
                          Callable<Health> check) {
        this(period, recentCalls, () -> 0L, check);
    }

    CachedHealthIndicator(Duration period, Supplier<? extends java.util.Collection<CallCounter.Failing>> recentCalls,
                          LongSupplier generation,
                          Callable<Health> check) {
        this.period = period;
        this.check = check;
        this.recentCalls = recentCalls;
        this.generation = generation;
        this.downStatus = Status.DOWN;
    }

    private CachedHealthIndicator(CachedHealthIndicator of, Status downStatus) {
        this.period = of.period;
        this.check = of.check;
        this.recentCalls = of.recentCalls;
        this.generation = of.generation;
        this.downStatus = downStatus;
    }

    /**
     * The same indicator, answering {@code status} instead of DOWN for failing calls and failed probes: for a
     * dependency whose failure the runtime works around (the waiver function: its checks wait and are redriven).
     */
    CachedHealthIndicator failingAs(Status status) {
        return new CachedHealthIndicator(this, status);
    }

    @Override
    public Health health() {
        java.util.Collection<CallCounter.Failing> failing = recentCalls.get();
        if (!failing.isEmpty()) {
            // the longest failing first; each failing resource (table, bucket, ...) named with its own reason
            CallCounter.Failing f = failing.iterator().next();
            Health.Builder down = Health.status(downStatus).withDetail("reason", f.reason())
                    .withDetail("failingSince", f.since().toString())
                    .withDetail("failedCallsInARow", f.inARow()).withDetail("lastFailure", f.last().toString());
            if (f.resource() != null) {
                down.withDetail("resource", f.resource());
            }
            Map<String, String> resources = new LinkedHashMap<>();
            for (CallCounter.Failing each : failing) {
                resources.put(each.resource() == null ? "(service)" : each.resource(),
                        (each.lost() ? "missing: " : "") + each.reason());
            }
            return down.withDetail("failingResources", resources).build();
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
            if (Status.DOWN.equals(h.getStatus())) {
                h = Health.status(downStatus).withDetails(h.getDetails()).build();
            }
            last = Health.status(h.getStatus()).withDetails(h.getDetails()).withDetail("checkedAt", now.toString()).build();
            // what the check itself changed (e.g. it met a refusal) is part of this answer
            checkedGeneration = generation.getAsLong();
            checkedAt = now;
        }
        return last;
    }
}
