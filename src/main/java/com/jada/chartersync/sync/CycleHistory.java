package com.jada.chartersync.sync;

import com.jada.chartersync.cycle.CycleSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last cycles' summaries for the board and the API, and the cycle metrics by trigger. */
final class CycleHistory {

    private static final int KEPT = 50;

    private final MeterRegistry meters;
    private final Deque<CycleSummary> recent = new ArrayDeque<>();

    CycleHistory(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Keeps the summary (the newest first) and adds it to the metrics. */
    void add(CycleSummary s) {
        synchronized (recent) {
            recent.addFirst(s);
            while (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        // replay:<id> and similar become one tag value each, so the metric's cardinality stays small
        String trigger = s.trigger() == null ? "unknown" : s.trigger().replaceAll(":.*$", "");
        Timer.builder("charter.cycle.duration").tag("trigger", trigger).register(meters)
                .record(Duration.ofMillis(s.durationMs()));
        meters.counter("charter.cycle.events.changed", "trigger", trigger).increment(s.eventsChanged());
        meters.counter("charter.cycle.records.written", "trigger", trigger).increment(s.recordsWritten());
        meters.counter("charter.cycle.pages.uploaded", "trigger", trigger).increment(s.pagesUploaded());
        meters.counter("charter.cycle.paths.invalidated", "trigger", trigger).increment(s.pathsInvalidated());
        meters.counter("charter.cycle.pages.verified", "trigger", trigger).increment(s.pagesVerified());
        meters.counter("charter.cycle.dead.letters", "trigger", trigger).increment(s.deadLettered());
    }

    List<CycleSummary> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }
}
