package com.jada.chartersync.manifest;

import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.text.PersonNames;
import com.jada.chartersync.waiver.WaiverService;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who sails on one charter as far as the waiver system knows, and who still has to sign: everyone with a signed
 * waiver for the charter, then each minor the calendar names ({@code minors} on the record) who has not signed
 * yet. {@code expected} is the waiver system's own count ({@link WaiverService#expectedSignatures}); the rest
 * of the party, beyond the names known, is {@code unnamedToSign}.
 *
 * @param systemSigned what the waiver system last counted for this charter ({@code waiversSigned} on the record),
 *                     or null; more than {@code signed} means waivers filed under another date (the charter moved)
 */
public record Roster(List<Participant> participants, int expected, int signed, Integer systemSigned) {

    /** Age 18 on the charter date is an adult: the waiver system's rule. */
    static final int ADULT_AGE = 18;

    /**
     * One participant. {@code age} on the charter date (from the date of birth, or the age the calendar gave);
     * null when unknown. {@code guardian} and {@code guardianRelationship} only for a signed minor.
     */
    public record Participant(String name, boolean minor, Integer age, boolean signed, String signedAt,
                              String guardian, String guardianRelationship) {

        public String ageText() {
            return (minor ? "minor" : "adult") + (age == null ? "" : ", " + age);
        }

        public String guardianText() {
            if (guardian == null || guardian.isBlank()) {
                return minor ? (signed ? "—" : "needs a guardian to sign") : "";
            }
            return guardian + (guardianRelationship == null || guardianRelationship.isBlank() ? "" : " (" + guardianRelationship + ")");
        }
    }

    public static Roster of(CharterRecord record, List<Map<String, AttributeValue>> waivers) {
        LocalDate date = record.date();
        List<Participant> people = new ArrayList<>();
        Set<String> signedNames = new HashSet<>();
        for (Map<String, AttributeValue> w : waivers) {
            String name = s(w, "participantName");
            if (name == null || name.isBlank()) {
                continue;
            }
            Integer age = age(date(s(w, "dateOfBirth")), date);
            boolean minor = w.containsKey("minor") && w.get("minor").bool() != null ? w.get("minor").bool()
                    : age != null && age < ADULT_AGE;
            people.add(new Participant(name, minor, age, true, s(w, "signedAt"), s(w, "guardianName"),
                    s(w, "guardianRelationship")));
            signedNames.add(key(name));
        }
        int signed = people.size();
        for (CharterRecord.Minor m : record.minors()) {
            String name = m.name();
            if (name != null && !name.isBlank() && signedNames.add(key(name))) {
                people.add(new Participant(name, true, m.age(), false, null, null, null));
            }
        }
        people.sort(Comparator.comparing((Participant p) -> p.name().toLowerCase(Locale.ROOT)));
        return new Roster(List.copyOf(people), record.expectedSignatures(), signed, record.waiver().signed());
    }

    /** Everyone expected minus everyone who signed, never below zero. */
    public int stillToSign() {
        return Math.max(0, expected - signed);
    }

    /** Participants known by name who have not signed (the minors the calendar names). */
    public List<String> missingNames() {
        return participants.stream().filter(p -> !p.signed()).map(Participant::name).toList();
    }

    /** The part of the party still to sign whose names nobody has given yet. */
    public int unnamedToSign() {
        return Math.max(0, stillToSign() - missingNames().size());
    }

    /** Waivers the waiver system counted for this charter that are filed under another date. */
    public int filedElsewhere() {
        return systemSigned == null ? 0 : Math.max(0, systemSigned - signed);
    }

    /** "3 of 4 still to sign", "everyone signed (4 of 4)". */
    public String toSignText() {
        return stillToSign() == 0 ? "everyone signed (" + signed + " of " + expected + ")"
                : stillToSign() + " of " + expected + " still to sign";
    }

    private static Integer age(LocalDate born, LocalDate on) {
        return born == null || on == null || born.isAfter(on) ? null : Period.between(born, on).getYears();
    }

    private static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Names compared as the waiver system compares them ({@link PersonNames}): 张伟 and 李娜 stay two names. */
    static String key(String name) {
        return PersonNames.key(name);
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
