package com.jada.chartersync.manifest;

import java.time.LocalDate;
import java.util.List;

/**
 * One day at the dock: every charter in sailing order with its crew and who sails on it.
 *
 * @param waiversRead false when the day's waivers could not be read: then nobody is known to have signed, and
 *                    the page says so instead of counting
 * @param problems    what could not be read, in the operator's words
 */
public record DayManifest(LocalDate date, String dateText, String zoneText, List<Charter> charters, boolean waiversRead,
                          List<String> problems, String generatedAt, long buildMs) {

    /**
     * One charter. {@code sails} ("1:00 PM") and {@code arrive} ("arrive by 12:30 PM") in the marina's time zone
     * ({@code sails} null when the calendar gave no start); {@code crew} the deckhands, captain apart; {@code partySize} null when the calendar gave none.
     */
    public record Charter(String eventId, String guestName, String eventType, String sails, String arrive,
                          String captain, List<String> crew, Integer partySize, boolean cancelled, Roster roster) {

        public String crewText() {
            return String.join(", ", crew);
        }
    }

    public List<Charter> sailing() {
        return charters.stream().filter(c -> !c.cancelled()).toList();
    }

    public int expected() {
        return sailing().stream().mapToInt(c -> c.roster().expected()).sum();
    }

    public int signed() {
        return sailing().stream().mapToInt(c -> c.roster().signed()).sum();
    }

    public int stillToSign() {
        return sailing().stream().mapToInt(c -> c.roster().stillToSign()).sum();
    }
}
