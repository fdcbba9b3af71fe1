package com.jada.chartersync.calendar;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.ExchangeProperty;

import java.time.Instant;
import java.util.List;

/**
 * Where the runtime reads the calendar from (bean {@code calendarSource}, chosen by {@code charter.calendar.source}):
 * the Google Calendar API ({@link CalendarWindowReader}, {@code api}) or the calendar's secret iCal address
 * ({@link IcalFeedSource}, {@code ical}). Both answer events in the Calendar API's model, recurring events expanded
 * into instances with Google's instance ids, so the rest of the flow does not care which one is configured.
 */
public interface CalendarSource {

    /** What changed since the last committed cycle (everything in the window on a reconcile or first cycle). */
    List<Event> read(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle);

    /** Remembers how far the cycle got, once its events were processed. */
    void commit(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle);

    /** The window as the calendar holds it now, cancelled events left out, the cursor untouched. */
    List<Event> currentWindow();

    /**
     * The window for the drift audit: as {@link #currentWindow()}, with the cancelled events where the source can
     * list them (a cancelled charter keeps its record and page too).
     */
    default List<Event> auditWindow() {
        return currentWindow();
    }

    /**
     * The events starting in {@code [from, to)} as the calendar holds them now (the status board reads one page of
     * days so), cancelled events left out, the cursor untouched.
     */
    List<Event> between(Instant from, Instant to);

    /** One event (an instance id for an instance of a recurring event). */
    Event get(String calendarEventId);

    /** Patches the fields set on {@code changes}; a read-only source throws {@link CalendarReadOnlyException}. */
    Event patch(String calendarEventId, Event changes);

    /** False when the runtime cannot write to the calendar (the iCal feed). */
    boolean writable();

    /** Throws when the calendar cannot be reached. */
    void probe();

    /** What the health check and the board may show about the source (never a secret). */
    String describe();
}
