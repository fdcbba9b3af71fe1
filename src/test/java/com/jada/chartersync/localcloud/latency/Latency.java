package com.jada.chartersync.localcloud.latency;

import com.sun.net.httpserver.HttpHandler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The network a deployment waits on, for the local cloud: a delay per call to each service
 * ({@code charter.local.latency.<service>}), spread uniformly by {@code ±jitter} (a fraction, 0.2 = ±20 %).
 * Off (zero) unless set. The delays can be changed while the local cloud runs (the benchmark switches between its
 * zero and AWS-like profiles on one local cloud); the relays in front of dynalite and S3Mock exist only when the
 * local cloud was started with a delay for them or with {@code charter.local.latency-relays=true}.
 *
 * <p>Services: {@code dynamodb}, {@code s3} (relays in front of the independent implementations), {@code calendar}
 * (per page of an event listing), {@code cloudfront} (per control-plane call), {@code lambda} (per invoke) and
 * {@code edge} (per GET), the last four in the handlers of the project's own stand-ins.
 */
public final class Latency {

    public static final List<String> SERVICES = List.of("dynamodb", "s3", "calendar", "cloudfront", "lambda", "edge");

    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private volatile double jitter;

    public Latency(Map<String, Duration> delays, double jitter) {
        set(delays == null ? Map.of() : delays);
        this.jitter = jitter;
    }

    public static Latency none() {
        return new Latency(Map.of(), 0.2);
    }

    /** Replaces the delays of the services named (others keep theirs); unknown names are refused. */
    public void set(Map<String, Duration> changes) {
        changes.forEach((service, delay) -> {
            String s = service.toLowerCase(Locale.ROOT);
            if (!SERVICES.contains(s)) {
                throw new IllegalArgumentException("unknown service for latency: " + service + " (known: " + SERVICES + ")");
            }
            if (delay == null || delay.isZero() || delay.isNegative()) {
                delays.remove(s);
            } else {
                delays.put(s, delay);
            }
        });
    }

    public void jitter(double fraction) {
        if (fraction < 0 || fraction >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1): " + fraction);
        }
        this.jitter = fraction;
    }

    public double jitter() {
        return jitter;
    }

    public Duration delay(String service) {
        return delays.getOrDefault(service, Duration.ZERO);
    }

    /** Every service's delay now (zero ones left out). */
    public Map<String, Duration> delays() {
        Map<String, Duration> out = new LinkedHashMap<>();
        SERVICES.forEach(s -> {
            Duration d = delays.get(s);
            if (d != null) {
                out.put(s, d);
            }
        });
        return out;
    }

    /** Waits the service's delay, jittered; returns at once when it has none. */
    public void pause(String service) {
        Duration d = delays.get(service);
        if (d == null) {
            return;
        }
        double j = jitter;
        long nanos = d.toNanos();
        if (j > 0) {
            nanos = (long) (nanos * (1 + ThreadLocalRandom.current().nextDouble(-j, j)));
        }
        // parkNanos, not a busy wait: the delay costs no CPU
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {@code handler} behind the service's delay: every exchange waits before it is handled. */
    public HttpHandler delayed(String service, HttpHandler handler) {
        return exchange -> {
            pause(service);
            handler.handle(exchange);
        };
    }

    /**
     * Parses {@code service=duration} pairs ({@code dynamodb=6ms s3=30ms calendar=150ms}; {@code jitter=0.2}),
     * separated by spaces or commas, as the local cloud server reads them from its standard input.
     */
    public void apply(String settings) {
        Map<String, Duration> changes = new LinkedHashMap<>();
        for (String pair : settings.strip().split("[\\s,]+")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected service=duration, got " + pair);
            }
            String key = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            if (key.equals("jitter")) {
                jitter(Double.parseDouble(value));
            } else {
                changes.put(key, parse(value));
            }
        }
        set(changes);
    }

    /** {@code 6ms}, {@code 1.5s}, {@code 0}, or an ISO-8601 duration ({@code PT0.3S}). */
    static Duration parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        if (v.startsWith("pt")) {
            return Duration.parse(value);
        }
        if (v.endsWith("ms")) {
            return Duration.ofNanos((long) (Double.parseDouble(v.substring(0, v.length() - 2)) * 1e6));
        }
        if (v.endsWith("s")) {
            return Duration.ofNanos((long) (Double.parseDouble(v.substring(0, v.length() - 1)) * 1e9));
        }
        return Duration.ofMillis(Long.parseLong(v));
    }

    @Override
    public String toString() {
        return delays() + " ±" + Math.round(jitter * 100) + "%";
    }
}
