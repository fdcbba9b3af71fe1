package com.jada.chartersync.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;

import com.jada.chartersync.config.CallCounter;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A dependency's health: DOWN while the runtime's own calls to it are failing (whatever a probe says), else a
 * probe that asks the service at most once per period; a failure is DOWN with the reason.
 */
final class CachedHealthIndicator implements HealthIndicator {

    private final Duration period;
    private final Callable<Health> check;
    private final Supplier<Optional<CallCounter.Failing>> recentCalls;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;

    CachedHealthIndicator(Duration period, Supplier<Optional<CallCounter.Failing>> recentCalls, Callable<Health> check) {
        this.period = period;
        this.check = check;
        this.recentCalls = recentCalls;
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
        if (last == null || checkedAt.plus(period).isBefore(now)) {
            Health h;
            try {
                h = check.call();
            } catch (Exception e) {
                // the cause, not Camel's wrapper: "CamelExecutionException: ... Exchange[]" tells an operator nothing
                Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
                h = Health.down().withDetail("reason", cause.getClass().getSimpleName() + ": " + cause.getMessage()).build();
            }
            last = Health.status(h.getStatus()).withDetails(h.getDetails()).withDetail("checkedAt", now.toString()).build();
            checkedAt = now;
        }
        return last;
    }
}
