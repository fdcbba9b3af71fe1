package com.jada.chartersync.health;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** A health check that asks its service at most once per period; a failure is DOWN with the reason. */
final class CachedHealthIndicator implements HealthIndicator {

    private final Duration period;
    private final Callable<Health> check;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.EPOCH;

    CachedHealthIndicator(Duration period, Callable<Health> check) {
        this.period = period;
        this.check = check;
    }

    @Override
    public Health health() {
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
