package com.jada.chartersync.record;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.charter.CalendarEventMapper;
import com.jada.chartersync.charter.CharterEvent;
import org.apache.camel.Body;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before a cycle works on its events side by side: events that would compete for the same record id (the same
 * guest on the same day, {@link EventIds#baseId}) go into one group, in calendar order, and a group's events are
 * taken one after another. So the first charter of the day keeps the plain id and the second gets its slot, as
 * when everything ran in order, however the threads interleave. Nearly every group holds one event.
 */
@Component
public class SameIdGroups {

    private final CalendarEventMapper mapper;

    public SameIdGroups(CalendarEventMapper mapper) {
        this.mapper = mapper;
    }

    public List<List<Event>> group(@Body List<Event> events) {
        Map<String, List<Event>> groups = new LinkedHashMap<>();
        for (Event event : events) {
            groups.computeIfAbsent(key(event), k -> new ArrayList<>()).add(event);
        }
        return new ArrayList<>(groups.values());
    }

    private String key(Event event) {
        try {
            CharterEvent charter = mapper.toCharterEvent(event);
            if (!charter.cancelled() && charter.date() != null && charter.guestName() != null) {
                return EventIds.baseId(charter);
            }
        } catch (RuntimeException unparsable) {
            // its own group: route event-record dead-letters it with the reason
        }
        return "calendar:" + event.getId();
    }
}
