package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.sync.SyncCycles;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a tick of the poll timer (route {@code calendar-poll}) runs a cycle. Always, unless a push channel
 * is open: then the timer is the fallback and runs a cycle only when none ran for
 * {@code charter.calendar.push.fallback-poll-interval}, so a lost notification is still caught.
 */
@Component
public class CalendarPoll {

    private final ObjectProvider<CalendarPushChannel> push;
    private final SyncCycles cycles;
    private final Duration fallback;

    public CalendarPoll(ObjectProvider<CalendarPushChannel> push, SyncCycles cycles, CharterSyncProperties properties) {
        this.push = push;
        this.cycles = cycles;
        this.fallback = properties.calendar().push().fallbackPollInterval();
    }

    public boolean due() {
        CalendarPushChannel channel = push.getIfAvailable();
        if (channel == null || !channel.active()) {
            return true;
        }
        Instant last = cycles.lastStartedAt();
        return last == null || !last.plus(fallback).isAfter(Instant.now());
    }
}
