package com.jada.chartersync.operations;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.calendar.CalendarReadOnlyException;
import com.jada.chartersync.calendar.CalendarSource;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterReplayer;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.EventRecordStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator can trigger by hand, one implementation behind the HTTP API and the JMX operations:
 * sync now, sync one event, replay a dead letter, correct the crew in the calendar and cascade it.
 */
@Component
public class OperatorActions {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorActions.class);

    private final SyncCycles cycles;
    private final DeadLetterReplayer replayer;
    private final EventRecordStore records;
    private final EventStateInspector inspector;
    private final CalendarSource calendar;

    public OperatorActions(SyncCycles cycles, DeadLetterReplayer replayer, EventRecordStore records,
                           EventStateInspector inspector, CalendarSource calendar) {
        this.cycles = cycles;
        this.replayer = replayer;
        this.records = records;
        this.inspector = inspector;
        this.calendar = calendar;
    }

    public CycleSummary syncNow(String trigger) {
        return cycles.runCycle(trigger);
    }

    /** Re-reads one event from the calendar and takes it through every layer, even if nothing seems changed. */
    public Map<String, Object> syncEvent(String eventId, String trigger) {
        RequestIds.check("eventId", eventId);
        String calendarEventId = calendarEventId(eventId);
        Event event = calendarGet(calendarEventId);
        CycleSummary summary = cycles.runEvents(trigger, List.of(event));
        return withState(eventId, summary);
    }

    public DeadLetterReplayer.Outcome replay(String deadLetterId) throws IOException {
        RequestIds.check("id", deadLetterId);
        return replayer.replay(deadLetterId);
    }

    /**
     * Patches the calendar event's description ({@link CrewLines}: what is given replaced, the rest kept; a
     * {@code null} captain or crew keeps the calendar's)
     * through camel-google-calendar, then cascades that one event through record, page, edge and verification.
     * Input that breaks {@link CrewInput}'s rules is refused before anything is read or written.
     */
    public Map<String, Object> correctCrew(String eventId, String captain, List<String> crew, String trigger) {
        RequestIds.check("eventId", eventId);
        if (!calendar.writable()) {
            throw new CalendarReadOnlyException("crew correction is not available: the runtime reads the calendar "
                    + "through its iCal feed (charter.calendar.source=ical), which is read-only; correct the crew in "
                    + "Google Calendar itself, the next cycle takes it through every layer");
        }
        CrewInput.check(captain, crew);
        String calendarEventId = calendarEventId(eventId);
        Event current = calendarGet(calendarEventId);
        String description = CrewLines.replace(current.getDescription(), captain, crew);
        Event patch = new Event().setDescription(description);
        Event patched;
        try {
            patched = calendar.patch(calendarEventId, patch);
        } catch (RuntimeException e) {
            throw new CalendarRefusedException(reason(e), e);
        }
        LOG.info("Crew of {} corrected in the calendar: captain {}, crew {}", eventId, captain, crew);
        CycleSummary summary = cycles.runEvents(trigger, List.of(patched));
        return withState(eventId, summary);
    }

    private Map<String, Object> withState(String eventId, CycleSummary summary) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("summary", summary);
        out.put("state", inspector.inspect(eventId));
        return out;
    }

    private String calendarEventId(String eventId) {
        CharterRecord record = records.get(eventId);
        if (record == null) {
            throw new UnknownEventException("no record with eventId " + eventId);
        }
        if (record.calendarEventId() == null) {
            throw new UnknownEventException("record " + eventId + " is not linked to a calendar event yet");
        }
        return record.calendarEventId();
    }

    private Event calendarGet(String calendarEventId) {
        try {
            return calendar.get(calendarEventId);
        } catch (RuntimeException e) {
            throw new CalendarRefusedException(reason(e), e);
        }
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GoogleJsonResponseException g) {
                return "calendar answered " + g.getStatusCode() + ": "
                        + (g.getDetails() != null ? g.getDetails().getMessage() : g.getStatusMessage());
            }
        }
        return "calendar call failed: " + e.getMessage();
    }

    public static class UnknownEventException extends RuntimeException {
        public UnknownEventException(String message) {
            super(message);
        }
    }

    public static class CalendarRefusedException extends RuntimeException {
        public CalendarRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
