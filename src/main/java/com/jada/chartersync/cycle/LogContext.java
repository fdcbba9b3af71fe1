package com.jada.chartersync.cycle;

import com.google.api.services.calendar.model.Event;
import org.apache.camel.Body;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Names the event a log line is about ({@code event=} in every line): set as each event's work begins, so lines
 * written while it is retried or dead-lettered never carry the previous event's name.
 */
@Component
public class LogContext {

    public void calendarEvent(@Body Event event) {
        MDC.put("eventId", event == null || event.getId() == null ? "" : "calendar:" + event.getId());
    }

    public void publishedPage(@Body PublishedPage page) {
        MDC.put("eventId", page == null ? "" : page.eventId());
    }
}
