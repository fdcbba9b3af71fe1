package com.jada.chartersync.calendar;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code api} calendar source. Reads the calendar through Camel's google-calendar component
 * ({@code events/list}), every page, recurring events expanded into instances ({@code singleEvents=true}, which
 * Google's incremental sync supports too). Incremental when a sync token is stored (only what changed, deleted events included);
 * a full read of the window (cancelled events included) on the first cycle, in reconcile cycles (every {@code full-resync-every} cycles,
 * which also lets a moving window pick up events that drift into it), and once when Google answers 410 Gone.
 * The new token is saved only when the cycle has been processed ({@link #commit}).
 */
@Component("calendarSource")
@ConditionalOnProperty(name = "charter.calendar.source", havingValue = "api", matchIfMissing = true)
public class CalendarWindowReader implements CalendarSource {

    static final String HEADER = "CamelGoogleCalendar.";
    private static final Logger LOG = LoggerFactory.getLogger(CalendarWindowReader.class);

    private final ProducerTemplate producer;
    private final SyncCursorStore cursors;
    private final CharterSyncProperties.Calendar calendar;
    private final CalendarWindow window;
    private final CalendarEvents events;

    public CalendarWindowReader(ProducerTemplate producer, SyncCursorStore cursors, CharterSyncProperties properties,
                                CalendarWindow window, CalendarEvents events) {
        this.producer = producer;
        this.cursors = cursors;
        this.calendar = properties.calendar();
        this.window = window;
        this.events = events;
    }

    @Override
    public List<Event> read(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        Instant now = Instant.now();
        Instant from = window.start(now);
        Instant to = window.end(now);
        String windowKey = window.key();
        boolean reconcile = cycle.reconciling();
        Optional<String> token = reconcile ? Optional.empty() : cursors.token(calendar.id(), windowKey);
        Page result;
        if (token.isPresent()) {
            try {
                result = readAll(token.get(), null, null, false);
                result.events.removeIf(e -> !"cancelled".equals(e.getStatus()) && outside(e, from, to));
            } catch (RuntimeException e) {
                if (!isGone(e)) {
                    throw e;
                }
                LOG.warn("Calendar sync token expired (410 Gone): one full resync of the window");
                result = readAll(null, from, to, true);
                cycle.calendarRead("full-after-410", token.get(), result.nextSyncToken);
                cycle.eventsSeen(result.events.size());
                return result.events;
            }
        } else {
            result = readAll(null, from, to, true);
        }
        cycle.calendarRead(token.isPresent() ? "incremental" : reconcile ? "reconcile" : "full", token.orElse(null),
                result.nextSyncToken);
        cycle.eventsSeen(result.events.size());
        return result.events;
    }

    /**
     * The window as the calendar holds it now (a full read, cancelled events left out), without touching the
     * sync cursor: what the status board compares every other layer with.
     */
    @Override
    public List<Event> currentWindow() {
        Instant now = Instant.now();
        return readAll(null, window.start(now), window.end(now), false).events;
    }

    @Override
    public List<Event> auditWindow() {
        Instant now = Instant.now();
        return readAll(null, window.start(now), window.end(now), true).events;
    }

    @Override
    public List<Event> between(Instant from, Instant to) {
        return readAll(null, from, to, false).events;
    }

    /** Saves the cycle's new sync token once its events were processed (failures are in the dead-letter store). */
    @Override
    public void commit(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        if (cycle.syncTokenAdvanced()) {
            cursors.save(calendar.id(), window.key(), cycle.nextSyncToken());
        }
    }

    @Override
    public Event get(String calendarEventId) {
        return events.get(calendarEventId);
    }

    @Override
    public Event patch(String calendarEventId, Event changes) {
        return events.patch(calendarEventId, changes);
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void probe() {
        events.probe();
    }

    @Override
    public String describe() {
        return "Google Calendar API, calendar " + calendar.id();
    }

    /**
     * Every page of one list. A full read of the cycle asks for the cancelled events too ({@code showDeleted}), as
     * an incremental one gets them anyway: a cancelled charter whose record was lost is rebuilt (status cancelled),
     * so its page never stands without a record.
     */
    private Page readAll(String syncToken, Instant from, Instant to, boolean showDeleted) {
        Page out = new Page();
        String pageToken = null;
        do {
            Map<String, Object> headers = new HashMap<>();
            headers.put(HEADER + "calendarId", calendar.id());
            headers.put(HEADER + "singleEvents", Boolean.TRUE);
            headers.put(HEADER + "maxResults", calendar.pageSize());
            if (syncToken != null) {
                headers.put(HEADER + "syncToken", syncToken);
            } else {
                headers.put(HEADER + "timeMin", new DateTime(from.toEpochMilli()));
                headers.put(HEADER + "timeMax", new DateTime(to.toEpochMilli()));
                if (showDeleted) {
                    headers.put(HEADER + "showDeleted", Boolean.TRUE);
                }
            }
            if (pageToken != null) {
                headers.put(HEADER + "pageToken", pageToken);
            }
            Events page = producer.requestBodyAndHeaders("google-calendar://events/list", null, headers, Events.class);
            if (page.getItems() != null) {
                out.events.addAll(page.getItems());
            }
            pageToken = page.getNextPageToken();
            out.nextSyncToken = page.getNextSyncToken();
        } while (pageToken != null);
        return out;
    }

    private static boolean outside(Event e, Instant from, Instant to) {
        if (e.getStart() == null) {
            return false;
        }
        DateTime start = e.getStart().getDateTime() != null ? e.getStart().getDateTime() : e.getStart().getDate();
        if (start == null) {
            return false;
        }
        Instant at = Instant.ofEpochMilli(start.getValue());
        return at.isBefore(from.minusSeconds(86_400)) || !at.isBefore(to);
    }

    static boolean isGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GoogleJsonResponseException g && g.getStatusCode() == 410) {
                return true;
            }
        }
        return false;
    }

    private static final class Page {
        final List<Event> events = new ArrayList<>();
        String nextSyncToken;
    }
}
