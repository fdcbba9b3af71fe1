package com.jada.chartersync.charter;

import java.util.List;

/**
 * What an event description says, line by line. Fields are null when the description does not say;
 * {@code problems} lists lines that looked like details but could not be understood.
 */
public record ParsedDescription(
        String guest,
        String type,
        Arrival arrival,
        String captain,
        List<String> crew,
        Integer partySize,
        List<Minor> minors,
        List<String> notes,
        List<String> problems) {

    public record Minor(String name, Integer age) {
    }
}
