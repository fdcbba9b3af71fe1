package com.jada.chartersync.calendar;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.config.CharterSyncProperties;
import org.apache.camel.ProducerTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Single-event calls to the calendar through Camel's google-calendar component ({@code events/get},
 * {@code events/patch}) and a cheap reachability probe; the window itself is read by {@link CalendarWindowReader}.
 */
@Component
@ConditionalOnProperty(name = "charter.calendar.source", havingValue = "api", matchIfMissing = true)
public class CalendarEvents {

    private final ProducerTemplate producer;
    private final String calendarId;

    public CalendarEvents(ProducerTemplate producer, CharterSyncProperties properties) {
        this.producer = producer;
        this.calendarId = properties.calendar().id();
    }

    public String calendarId() {
        return calendarId;
    }

    public Event get(String calendarEventId) {
        return producer.requestBodyAndHeaders("google-calendar://events/get", null, Map.of(
                CalendarWindowReader.HEADER + "calendarId", calendarId,
                CalendarWindowReader.HEADER + "eventId", calendarEventId), Event.class);
    }

    /** Patches only the fields set on {@code changes}; answers the event as the calendar now holds it. */
    public Event patch(String calendarEventId, Event changes) {
        return producer.requestBodyAndHeaders("google-calendar://events/patch", null, Map.of(
                CalendarWindowReader.HEADER + "calendarId", calendarId,
                CalendarWindowReader.HEADER + "eventId", calendarEventId,
                CalendarWindowReader.HEADER + "content", changes), Event.class);
    }

    /** One small list call: throws when the calendar cannot be reached or refuses us. */
    public void probe() {
        producer.requestBodyAndHeaders("google-calendar://events/list", null, Map.of(
                CalendarWindowReader.HEADER + "calendarId", calendarId,
                CalendarWindowReader.HEADER + "maxResults", 1,
                CalendarWindowReader.HEADER + "timeMin", new DateTime(System.currentTimeMillis())));
    }
}
