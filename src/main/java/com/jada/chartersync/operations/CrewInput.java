package com.jada.chartersync.operations;

import com.jada.chartersync.text.SingleLineText;

import java.util.List;

/**
 * What a crew correction may contain, checked before anything is written, whoever asks (HTTP API, status
 * board, JMX). Captain and every crew member are single lines of at most {@value SingleLineText#MAX_LENGTH}
 * characters ({@link SingleLineText}); at most {@value #MAX_CREW} crew members. The values end up on a
 * {@code Captain:}/{@code Crew:} line of the calendar description, which is read line by line and, once it
 * holds markup, as HTML: so no line breaks, and no {@code <}, {@code >} or {@code &} either ({@code <br>} and
 * {@code &#10;} become line breaks there). A colon inside a value is harmless: the value never starts a line.
 */
public final class CrewInput {

    public static final int MAX_CREW = 20;

    private CrewInput() {
    }

    /** @throws InvalidCrewException naming the first offending field: {@code captain}, {@code crew} or {@code crew[i]} */
    public static void check(String captain, List<String> crew) {
        if (captain != null) {
            refuse("captain", problem(captain));
        }
        if (crew == null) {
            return;
        }
        if (crew.size() > MAX_CREW) {
            throw new InvalidCrewException("crew", "at most " + MAX_CREW + " crew members, got " + crew.size());
        }
        for (int i = 0; i < crew.size(); i++) {
            String name = crew.get(i);
            refuse("crew[" + i + "]", name == null || name.isBlank() ? "must not be empty" : problem(name));
        }
    }

    private static String problem(String value) {
        String problem = SingleLineText.problem(value);
        if (problem == null && value.chars().anyMatch(c -> c == '<' || c == '>' || c == '&')) {
            problem = "must not contain <, > or & (the calendar reads them as markup)";
        }
        return problem;
    }

    private static void refuse(String field, String problem) {
        if (problem != null) {
            throw new InvalidCrewException(field, problem);
        }
    }

    /** A crew correction refused before anything was written; {@link #field()} names what to fix. */
    public static class InvalidCrewException extends IllegalArgumentException {

        private final String field;

        public InvalidCrewException(String field, String problem) {
            super(field + ": " + problem);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
