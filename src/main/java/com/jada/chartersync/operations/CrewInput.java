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
 * A correction is a patch: a captain or crew not given ({@code null}) keeps the calendar's; a captain given blank is
 * refused (leave it out to keep it). A crew member's name must read back as one name: the {@code Crew:} line is split
 * on {@code ,} {@code ;} and the word {@code and}, so a name holding one is refused with that reason.
 */
public final class CrewInput {

    public static final int MAX_CREW = 20;

    private CrewInput() {
    }

    /** @throws InvalidCrewException naming the first offending field: {@code captain}, {@code crew} or {@code crew[i]} */
    public static void check(String captain, List<String> crew) {
        if (captain == null && crew == null) {
            throw new InvalidCrewException("captain", "give a captain, a crew list, or both: {\"captain\":\"Sarah\",\"crew\":[\"Gene\"]}");
        }
        if (captain != null) {
            refuse("captain", captain.isBlank() ? "must not be blank: leave \"captain\" out to keep the calendar's captain"
                    : problem(captain));
        }
        if (crew == null) {
            return;
        }
        if (crew.size() > MAX_CREW) {
            throw new InvalidCrewException("crew", "at most " + MAX_CREW + " crew members, got " + crew.size());
        }
        for (int i = 0; i < crew.size(); i++) {
            String name = crew.get(i);
            refuse("crew[" + i + "]", name == null || name.isBlank() ? "must not be empty" : crewProblem(name));
        }
    }

    private static final java.util.regex.Pattern SPLITS = java.util.regex.Pattern.compile("[,;]|\\band\\b");

    private static String crewProblem(String name) {
        String problem = problem(name);
        if (problem == null && SPLITS.matcher(name).find()) {
            problem = "would read back as several crew members: the calendar's Crew line is split on , ; and \"and\"; "
                    + "give each crew member as their own entry";
        }
        return problem;
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
