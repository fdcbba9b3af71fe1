package com.jada.chartersync.board;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

/**
 * How urgent a charter's missing waivers are, as the board's waiver badge shows it: green once everyone
 * expected has signed; amber with "n of m signed" while the charter sails more than {@code urgentWithin} from now;
 * red inside that, naming who is missing (or how many, when nobody gave their names); neutral with the final
 * count once it has sailed.
 *
 * @param tone   {@code ok} (green), {@code warn} (amber), {@code bad} (red) or {@code neutral}
 * @param label  the badge: "waiver 1 of 4 signed"
 * @param detail what is missing and when it sails, for the badge's title and (when red) the line below it
 */
public record WaiverUrgency(String tone, String label, String detail) {

    public static final String OK = "ok";
    public static final String WARN = "warn";
    public static final String BAD = "bad";
    public static final String NEUTRAL = "neutral";

    /**
     * @param missingNames participants known by name who have not signed (at most the number still to sign is shown)
     * @param sails        the charter's sailing time in the marina's time zone, or null when the calendar gave none: then
     *                     the day's start counts for urgency and the day's end for having sailed
     */
    public static WaiverUrgency assess(int signed, int expected, List<String> missingNames, LocalDate date, LocalTime sails,
                                       ZoneId zone, Instant now, Duration urgentWithin) {
        Instant departs = (sails == null ? date.atStartOfDay() : date.atTime(sails)).atZone(zone).toInstant();
        Instant sailed = sails == null ? date.plusDays(1).atStartOfDay(zone).toInstant() : departs;
        String count = signed + " of " + expected + " signed";
        int missing = Math.max(0, expected - signed);
        if (!now.isBefore(sailed)) {
            return new WaiverUrgency(NEUTRAL, "waiver " + count, "sailed; " + count
                    + (missing == 0 ? "" : ", " + missing + " never signed"));
        }
        String when = sails == null ? "sailing time not given" : "sails " + in(Duration.between(now, departs));
        if (missing == 0) {
            return new WaiverUrgency(OK, "waiver " + count, "everyone signed; " + when);
        }
        String who = who(missing, missingNames);
        if (Duration.between(now, departs).compareTo(urgentWithin) > 0) {
            return new WaiverUrgency(WARN, "waiver " + count, who + "; " + when);
        }
        return new WaiverUrgency(BAD, "waiver " + count, who + "; " + when);
    }

    /** "still to sign: Quinn, Milo and 2 more", or "6 still to sign" when no names are known. */
    static String who(int missing, List<String> names) {
        List<String> named = names.stream().limit(missing).toList();
        if (named.isEmpty()) {
            return missing + " still to sign";
        }
        int unnamed = missing - named.size();
        return "still to sign: " + String.join(", ", named) + (unnamed == 0 ? "" : " and " + unnamed + " more");
    }

    /** "in 17 h", "in 45 min", "in 3 days". */
    static String in(Duration d) {
        if (d.toHours() >= 48) {
            return "in " + d.toDays() + " days";
        }
        if (d.toMinutes() >= 60) {
            return "in " + d.toHours() + " h";
        }
        return "in " + Math.max(1, d.toMinutes()) + " min";
    }
}
