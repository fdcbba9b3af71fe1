package com.jada.chartersync.cycle;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What one cycle did, as {@code POST /api/sync} answers it (DESIGN.md section 7). */
public record CycleSummary(
        String cycleId,
        String trigger,
        String calendarRead,
        Instant startedAt,
        Instant finishedAt,
        long durationMs,
        int eventsSeen,
        int eventsChanged,
        int recordsWritten,
        int pagesUploaded,
        int pathsInvalidated,
        String invalidationId,
        int pagesVerified,
        int waiversVerified,
        int deadLettered,
        List<String> failures,
        Map<String, Long> calls) {
}
