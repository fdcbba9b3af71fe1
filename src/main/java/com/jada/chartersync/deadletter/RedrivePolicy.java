package com.jada.chartersync.deadletter;

import com.jada.chartersync.charter.InvalidCharterEventException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a dead letter is tried again, and when it is given up: the one place that says which causes can pass
 * (settings {@code charter.dead-letters.redrive.*}). A cause that can pass (a 5xx, throttling, a timeout, a refused
 * connection, a truncated answer, a missing table, bucket, distribution or function, a function error) is redriven
 * with exponential backoff and jitter per entry; an event that is not a charter waits for the event to change (a
 * newer version supersedes its entry). Either way an entry is given up once its charter has sailed or it is older
 * than {@code max-age}.
 */
@Component
public class RedrivePolicy {

    /** What an entry waits for, as stored in its {@code cause} attribute. */
    public enum Cause {
        /** can pass by itself: later cycles try again */
        TRANSIENT("transient"),
        /** the event itself is wrong: a newer version of it is needed */
        WAITS_FOR_CHANGE("waits-for-change");

        private final String stored;

        Cause(String stored) {
            this.stored = stored;
        }

        public String stored() {
            return stored;
        }

        static Cause of(String stored, String exceptionClass) {
            if (stored != null) {
                return WAITS_FOR_CHANGE.stored.equals(stored) ? WAITS_FOR_CHANGE : TRANSIENT;
            }
            return InvalidCharterEventException.class.getName().equals(exceptionClass) ? WAITS_FOR_CHANGE : TRANSIENT;
        }
    }

    private final Duration firstAfter;
    private final double multiplier;
    private final Duration maxBetween;
    private final double jitter;
    private final Duration maxAge;
    private final Clock time;
    private final Clock calendarDay;
    private final DoubleSupplier random;

    @Autowired
    public RedrivePolicy(@Value("${charter.dead-letters.redrive.first-after:1m}") Duration firstAfter,
                         @Value("${charter.dead-letters.redrive.multiplier:2}") double multiplier,
                         @Value("${charter.dead-letters.redrive.max-between:1h}") Duration maxBetween,
                         @Value("${charter.dead-letters.redrive.jitter:0.2}") double jitter,
                         @Value("${charter.dead-letters.redrive.max-age:P7D}") Duration maxAge, Clock clock) {
        this(firstAfter, multiplier, maxBetween, jitter, maxAge, Clock.systemUTC(), clock,
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param time        what backoff and age are measured on: always the real clock in the product
     * @param calendarDay the board's clock ({@code charter.clock.fixed} may stand it on a demo's evening), whose
     *                    date and zone tell whether a charter has sailed
     * @param random      answers a number in [0, 1) for the jitter
     */
    public RedrivePolicy(Duration firstAfter, double multiplier, Duration maxBetween, double jitter, Duration maxAge,
                         Clock time, Clock calendarDay, DoubleSupplier random) {
        if (jitter < 0 || jitter >= 1 || multiplier < 1) {
            throw new IllegalArgumentException("charter.dead-letters.redrive: jitter must be in [0, 1) and the "
                    + "multiplier at least 1; got jitter " + jitter + ", multiplier " + multiplier);
        }
        this.firstAfter = firstAfter;
        this.multiplier = multiplier;
        this.maxBetween = maxBetween;
        this.jitter = jitter;
        this.maxAge = maxAge;
        this.time = time;
        this.calendarDay = calendarDay;
        this.random = random;
    }

    /** What the failure waits for: an event that is not a charter needs a new version of it, anything else time. */
    public static Cause classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InvalidCharterEventException) {
                return Cause.WAITS_FOR_CHANGE;
            }
        }
        return Cause.TRANSIENT;
    }

    public Instant now() {
        return time.instant();
    }

    /** The marina's time zone, in which a charter's date is told. */
    public java.time.ZoneId zone() {
        return calendarDay.getZone();
    }

    /**
     * When to try an entry again after {@code attempts} redrives of it failed (0: the first try after it was
     * stored): {@code first-after × multiplier^attempts}, spread by ± {@code jitter} so entries that failed together
     * do not come back together, never more than {@code max-between} apart.
     */
    public Instant nextTry(int attempts) {
        double base = firstAfter.toMillis() * Math.pow(multiplier, Math.max(0, attempts));
        double spread = base * (1 - jitter + 2 * jitter * random.getAsDouble());
        long millis = (long) Math.min(spread, maxBetween.toMillis());
        return now().plusMillis(Math.max(0, millis));
    }

    /** Null while the entry may still be tried; else why it is given up. */
    public String givesUp(Instant failedAt, LocalDate charterDate) {
        Instant now = now();
        if (charterDate != null && charterDate.isBefore(LocalDate.now(calendarDay))) {
            return "the charter has sailed (" + charterDate + ")";
        }
        if (failedAt != null && failedAt.plus(maxAge).isBefore(now)) {
            return "older than charter.dead-letters.redrive.max-age (" + maxAge + ")";
        }
        return null;
    }
}
