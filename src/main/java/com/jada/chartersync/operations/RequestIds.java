package com.jada.chartersync.operations;

import com.jada.chartersync.text.Identifiers;

/**
 * Every id an operator hands in (an event id, a dead-letter id), checked by {@link Identifiers}' rule before any AWS
 * call, whoever asks (HTTP API, status board, JMX): DynamoDB refuses a key over 2,048 bytes with an error that would
 * read as DynamoDB failing, so an overlong id from a cross-site {@code <img>} must never reach it.
 */
public final class RequestIds {

    private RequestIds() {
    }

    /** @throws InvalidIdException naming {@code field} when {@code id} breaks the rule */
    public static String check(String field, String id) {
        String problem = Identifiers.problem(id);
        if (problem != null) {
            throw new InvalidIdException(field, problem);
        }
        return id;
    }

    /** An id refused before anything was read; {@link #field()} names it. */
    public static class InvalidIdException extends IllegalArgumentException {

        private final String field;

        public InvalidIdException(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
