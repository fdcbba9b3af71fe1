package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The polled window: fixed bounds when configured, otherwise relative to now. Shared by every calendar source. */
@Component
public class CalendarWindow {

    private final CharterSyncProperties.Calendar calendar;

    public CalendarWindow(CharterSyncProperties properties) {
        this.calendar = properties.calendar();
    }

    /** First instant of the polled window. */
    public Instant start(Instant now) {
        return calendar.windowStart() != null ? calendar.windowStart() : now.minus(calendar.lookBack());
    }

    /** End (exclusive) of the polled window. */
    public Instant end(Instant now) {
        return calendar.windowEnd() != null ? calendar.windowEnd() : now.plus(calendar.lookAhead());
    }

    /** Names the window's configuration: a cursor saved for another window is not used. */
    public String key() {
        return calendar.windowStart() != null
                ? calendar.windowStart() + "/" + calendar.windowEnd()
                : "relative:" + calendar.lookBack() + "/" + calendar.lookAhead();
    }
}
