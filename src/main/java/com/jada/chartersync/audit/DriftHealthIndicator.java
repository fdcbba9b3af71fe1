package com.jada.chartersync.audit;

import com.jada.chartersync.deadletter.DeadLetterCounts;
import com.jada.chartersync.deadletter.DeadLetterStore;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health} component {@code drift}: what is still wrong after the last audit and its repair (pages
 * missing or different in S3, records missing), the open dead letters and the age of the oldest, the redrives given
 * up. Always UP: drift is information for the operator, not a reason to take the runtime out of service (it is the
 * one that repairs it), so neither the overall status nor readiness ever turns on it; the details say it all.
 */
@Component("drift")
public class DriftHealthIndicator implements HealthIndicator {

    private final DriftAudit audit;
    private final DeadLetterStore deadLetters;

    public DriftHealthIndicator(DriftAudit audit, DeadLetterStore deadLetters) {
        this.audit = audit;
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        return Health.up().withDetails(details()).build();
    }

    /** The indicator's details, also shown on the status board. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        DriftReport last = audit.last();
        if (last == null) {
            d.put("audit", "not run yet");
        } else {
            d.put("audit", last.error() == null ? (last.clean() ? "no drift" : "drift") : "could not read: " + last.error());
            d.put("auditedAt", last.at().toString());
            d.put("pagesMissing", last.pagesMissing().size());
            d.put("pagesDifferent", last.pagesDifferent().size());
            d.put("recordsMissing", last.recordsMissing().size());
            d.put("repairedLastAudit", last.repairing());
        }
        try {
            // from what the store keeps in memory: no call per health request
            DeadLetterCounts counts = deadLetters.counts();
            d.put("deadLettersOpen", counts.open());
            d.put("oldestOpenDeadLetterAge", counts.open() == 0 ? "none" : counts.oldestOpenAge().withNanos(0).toString());
            d.put("redrivesGivenUp", counts.givenUp());
        } catch (RuntimeException e) {
            d.put("deadLetters", "could not read: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        }
        return d;
    }
}
