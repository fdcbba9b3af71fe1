package com.jada.chartersync.calendar;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether Google accepts the runtime's credentials, as last seen by the calendar client: set by the first refusal
 * of the token endpoint, cleared by the next token it issues or the next answer of the calendar. Health and the
 * status board read it, so a revoked authorization shows the moment any call meets it, not at the next probe.
 */
public class CalendarAccess {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarAccess.class);

    private volatile CalendarAuthorizationException refused;
    private volatile Instant since;
    private final AtomicLong changes = new AtomicLong();

    public void refused(CalendarAuthorizationException problem) {
        boolean first = refused == null;
        refused = problem;
        if (first) {
            since = Instant.now();
            changes.incrementAndGet();
            LOG.warn("{}", problem.getMessage());
        }
    }

    public void granted() {
        if (refused != null) {
            refused = null;
            since = null;
            changes.incrementAndGet();
            LOG.info("Google Calendar access works again");
        }
    }

    /** The refusal in force, or null while access works (or has not been tried). */
    public CalendarAuthorizationException problem() {
        return refused;
    }

    public Instant since() {
        return since;
    }

    /** Changes whenever access is lost or regained: cached health answers older than that are stale. */
    public long generation() {
        return changes.get();
    }
}
