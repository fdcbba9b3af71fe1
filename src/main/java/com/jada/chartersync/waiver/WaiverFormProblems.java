package com.jada.chartersync.waiver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The waiver function's reasons ({@code guardian.name: required for a participant under 18}, the field paths a
 * program reads) in the form's own words, by the form field they belong beside ("Guardian's full name is needed
 * for a participant under 18"). What belongs to no field (the party is full) is {@link #general()}.
 */
final class WaiverFormProblems {

    /** Form field name, by the submission's field path (the form has one participant). */
    private static final Map<String, String> FIELDS = Map.of(
            "participants[0].name", "name",
            "participants[0].dateOfBirth", "dateOfBirth",
            "signature", "signature",
            "guardian.name", "guardianName",
            "guardian.relationship", "guardianRelationship",
            "guardian.signature", "guardianSignature",
            "acceptedTerms", "acceptedTerms");

    /** How a message names the field, by form field name. */
    private static final Map<String, String> NOUNS = Map.of(
            "name", "The participant's full name",
            "dateOfBirth", "The date of birth",
            "signature", "Your signature",
            "guardianName", "Guardian's full name",
            "guardianRelationship", "The guardian's relationship to the participant",
            "guardianSignature", "Guardian's signature");

    /** The form's fields in the order a guest meets them: the first with a problem gets the focus. */
    static final List<String> ORDER = List.of("name", "dateOfBirth", "signature", "guardianName",
            "guardianRelationship", "guardianSignature", "acceptedTerms");

    private final Map<String, String> byField = new LinkedHashMap<>();
    private final List<String> general = new ArrayList<>();

    WaiverFormProblems(List<String> problems) {
        for (String problem : problems) {
            int colon = problem.indexOf(": ");
            String path = colon < 0 ? "" : problem.substring(0, colon);
            String reason = colon < 0 ? problem : problem.substring(colon + 2);
            String field = FIELDS.get(path);
            if (field == null) {
                general.add(sentence(reason));
            } else {
                byField.putIfAbsent(field, words(field, reason));
            }
        }
    }

    /** The message beside {@code field}, or null. */
    String of(String field) {
        return byField.get(field);
    }

    List<String> general() {
        return general;
    }

    /** The first field to fix, in the form's order, or null. */
    String first() {
        return ORDER.stream().filter(byField::containsKey).findFirst().orElse(null);
    }

    boolean isEmpty() {
        return byField.isEmpty() && general.isEmpty();
    }

    private static String words(String field, String reason) {
        if ("acceptedTerms".equals(field)) {
            return "Please tick the box to accept the terms.";
        }
        String noun = NOUNS.get(field);
        if (reason.startsWith("required for a participant under 18")) {
            return noun + " is needed for a participant under 18.";
        }
        if (reason.startsWith("required as YYYY-MM-DD")) {
            return "Please enter the date of birth (day, month and year).";
        }
        if (reason.startsWith("required")) {
            return noun + " is needed.";
        }
        if (reason.startsWith("after the charter date")) {
            return "The date of birth is after the day of the charter; please check it.";
        }
        if (reason.startsWith("in the future") || reason.startsWith("not plausible")) {
            return "Please check the date of birth.";
        }
        if (reason.startsWith("longer than")) {
            return noun + " is too long: at most " + com.jada.chartersync.text.SingleLineText.MAX_LENGTH + " characters.";
        }
        if (reason.startsWith("needs at least one letter")) {
            return noun + " needs at least one letter.";
        }
        if (reason.startsWith("must be a single line")) {
            return noun + " must be on one line.";
        }
        // a control, an invisible or a bidirectional character: the guest cannot see it to delete it
        return noun + " " + reason + " that cannot be stored; please type it again.";
    }

    private static String sentence(String reason) {
        String s = reason.isEmpty() ? reason : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        return s.endsWith(".") ? s : s + ".";
    }
}
