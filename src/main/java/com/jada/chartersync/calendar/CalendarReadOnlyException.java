package com.jada.chartersync.calendar;

/** A write to a calendar the runtime can only read (the iCal feed). */
public class CalendarReadOnlyException extends RuntimeException {

    public CalendarReadOnlyException(String message) {
        super(message);
    }
}
