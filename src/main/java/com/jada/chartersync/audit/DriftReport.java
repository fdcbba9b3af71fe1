package com.jada.chartersync.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one audit found: the records' ids whose pages are missing from S3 or differ from what was published, the
 * calendar events (cancelled ones included) that have no record, and what the audit cost. {@code repairing}: how
 * many events the audit took through the cycle again; a report made after that repair says what is still wrong.
 */
public record DriftReport(Instant at, long durationMs, int eventsChecked, int foldersListed,
                          List<String> pagesMissing, List<String> pagesDifferent, List<String> recordsMissing,
                          int repairing, Map<String, Long> calls, String error) {

    public static DriftReport failed(Instant at, long durationMs, String error) {
        return new DriftReport(at, durationMs, 0, 0, List.of(), List.of(), List.of(), 0, Map.of(), error);
    }

    /** Nothing found (and the audit could read what it checks). */
    public boolean clean() {
        return error == null && pagesMissing.isEmpty() && pagesDifferent.isEmpty() && recordsMissing.isEmpty();
    }

    public DriftReport repairing(int events) {
        return new DriftReport(at, durationMs, eventsChecked, foldersListed, pagesMissing, pagesDifferent, recordsMissing,
                events, calls, error);
    }
}
