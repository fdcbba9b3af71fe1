package com.jada.chartersync.waiver;

import java.util.List;

/** A submission the waiver function refuses; the message names every offending field. */
public class WaiverRejectedException extends RuntimeException {

    private final List<String> problems;

    public WaiverRejectedException(List<String> problems) {
        super("waiver rejected: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
