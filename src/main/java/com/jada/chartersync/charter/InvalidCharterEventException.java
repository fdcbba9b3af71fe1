package com.jada.chartersync.charter;

/** A calendar event that cannot become a charter record. Never retried: the input itself is wrong. */
public class InvalidCharterEventException extends RuntimeException {

    public InvalidCharterEventException(String message) {
        super(message);
    }
}
