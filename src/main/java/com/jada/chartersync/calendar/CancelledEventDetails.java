package com.jada.chartersync.calendar;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.record.EventRecordStore;
import com.jada.chartersync.record.KnownState;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * A cancelled event comes from a list with little more than its id (Google lists deleted events so). That is
 * enough to mark an existing record cancelled, but a record that was lost (the events table emptied) must be
 * made again from the event's date and guest: for that one case the event is read by its id, which Google
 * answers in full, status {@code cancelled}. Links and records come from the cycle's batch read, so a cycle whose
 * cancelled charters all have their records pays nothing (step of route {@code event-record}).
 */
@Component
public class CancelledEventDetails {

    private static final Logger LOG = LoggerFactory.getLogger(CancelledEventDetails.class);

    private final CalendarSource calendar;
    private final EventRecordStore records;

    public CancelledEventDetails(CalendarSource calendarSource, EventRecordStore records) {
        this.calendar = calendarSource;
        this.records = records;
    }

    public Event withDetails(@Body Event event, @Variable(KnownState.VARIABLE) KnownState known) {
        if (event == null || !"cancelled".equals(event.getStatus()) || event.getStart() != null || event.getId() == null) {
            return event;
        }
        KnownState state = known == null ? KnownState.NONE : known;
        String id = event.getId();
        boolean prefetched = state.knowsLink(id);
        Optional<String> linked = prefetched ? Optional.ofNullable(state.links().get(id)) : records.linkedId(id);
        if (linked.isEmpty()) {
            return event; // never recorded: nothing to rebuild
        }
        boolean hasRecord = prefetched ? state.record(linked.get()) != null : records.get(linked.get()) != null;
        if (hasRecord) {
            return event;
        }
        Event full;
        try {
            full = calendar.get(id);
        } catch (RuntimeException e) {
            // the calendar no longer answers for it (purged): the cancellation goes on, the record stays lost
            LOG.warn("Cancelled calendar event {} could not be read in full to rebuild record {}: {}", id, linked.get(),
                    e.getMessage());
            return event;
        }
        if (full == null || full.getStart() == null) {
            return event;
        }
        LOG.info("Cancelled calendar event {} has no record {}: read in full to rebuild it", event.getId(), linked.get());
        return full.setStatus("cancelled");
    }
}
