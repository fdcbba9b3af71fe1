package com.jada.chartersync.calendar;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the configured window of the calendar, every page of it, through Camel's google-calendar component
 * ({@code events/list}), with recurring events expanded into instances.
 */
@Component
public class CalendarWindowReader {

    static final String HEADER = "CamelGoogleCalendar.";

    private final ProducerTemplate producer;
    private final CharterSyncProperties.Calendar calendar;

    public CalendarWindowReader(ProducerTemplate producer, CharterSyncProperties properties) {
        this.producer = producer;
        this.calendar = properties.calendar();
    }

    public List<Event> read(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        Instant now = Instant.now();
        Instant from = calendar.windowStart() != null ? calendar.windowStart() : now.minus(calendar.lookBack());
        Instant to = calendar.windowEnd() != null ? calendar.windowEnd() : now.plus(calendar.lookAhead());
        List<Event> all = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, Object> headers = new HashMap<>();
            headers.put(HEADER + "calendarId", calendar.id());
            headers.put(HEADER + "timeMin", new DateTime(from.toEpochMilli()));
            headers.put(HEADER + "timeMax", new DateTime(to.toEpochMilli()));
            headers.put(HEADER + "singleEvents", Boolean.TRUE);
            headers.put(HEADER + "maxResults", calendar.pageSize());
            if (pageToken != null) {
                headers.put(HEADER + "pageToken", pageToken);
            }
            Events page = producer.requestBodyAndHeaders("google-calendar://events/list", null, headers, Events.class);
            if (page.getItems() != null) {
                all.addAll(page.getItems());
            }
            pageToken = page.getNextPageToken();
        } while (pageToken != null);
        if (cycle != null) {
            cycle.eventsSeen(all.size());
        }
        return all;
    }
}
