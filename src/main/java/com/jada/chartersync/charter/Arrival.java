package com.jada.chartersync.charter;

import java.time.LocalTime;

/** Arrival time, or a window ({@code from}–{@code to}); {@code to} is null for a single time. */
public record Arrival(LocalTime from, LocalTime to) {

    public boolean isWindow() {
        return to != null;
    }

    /** The contract's {@code arriveBy}: the latest time the guest should be there ("14:00", or the window's end). */
    public String arriveBy() {
        return (to != null ? to : from).toString();
    }

    /** "14:00" or "15:00-19:00". */
    public String text() {
        return to == null ? from.toString() : from + "-" + to;
    }
}
