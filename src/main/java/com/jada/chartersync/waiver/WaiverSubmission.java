package com.jada.chartersync.waiver;

import com.jada.chartersync.text.Identifiers;
import com.jada.chartersync.text.PersonNames;
import com.jada.chartersync.text.SingleLineText;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A waiver submission checked field by field (DESIGN.md section 5): a problem names its field path
 * ({@code participants[0].dateOfBirth}, {@code guardian.name}) so a program can tell what to fix; the form turns
 * the paths into its own words ({@link WaiverFormProblems}). Ages count on the charter date: a birth date after
 * it is refused. Names, signature and relationship follow {@link SingleLineText}, the rule the crew follows too.
 */
record WaiverSubmission(String eventId, Map<String, AttributeValue> event, LocalDate eventDate, boolean dated,
                        String signature, Map<String, Object> guardian, List<Participant> participants) {

    static final int MAX_PARTICIPANTS = 20;

    /**
     * One participant: its position in the submission, and {@code identity}, the same for two spellings of one
     * person's name with the same birth date ({@link PersonNames}), distinct for everyone else.
     */
    record Participant(int position, String name, LocalDate dateOfBirth, boolean minor) {

        String identity() {
            return identity(name, dateOfBirth.toString());
        }

        static String identity(String name, String dateOfBirth) {
            // the date first: it has a fixed form, so no name can run into it
            return dateOfBirth + "|" + PersonNames.key(name);
        }
    }

    /** @throws WaiverRejectedException naming every offending field */
    @SuppressWarnings("unchecked")
    static WaiverSubmission check(Map<String, Object> request, Function<String, Map<String, AttributeValue>> events,
                                  LocalDate today) {
        List<String> problems = new ArrayList<>();
        String eventId = text(request.get("eventId"));
        Map<String, AttributeValue> event = null;
        String idProblem = Identifiers.problem(eventId);
        if (eventId.isEmpty()) {
            problems.add("eventId: required");
        } else if (idProblem != null) {
            problems.add("eventId: " + idProblem);
        } else {
            event = events.apply(eventId);
            if (event == null) {
                problems.add("eventId: unknown event " + eventId);
            } else if (event.get("status") != null && "cancelled".equals(event.get("status").s())) {
                problems.add("eventId: the charter was cancelled");
            }
        }
        boolean dated = event != null && event.containsKey("eventDate");
        LocalDate eventDate = dated ? LocalDate.parse(event.get("eventDate").s()) : today;
        if (!Boolean.TRUE.equals(request.get("acceptedTerms"))) {
            problems.add("acceptedTerms: the terms must be accepted");
        }
        checkText(problems, "signature", request.get("signature"));
        Object rawParticipants = request.get("participants");
        List<Object> given = rawParticipants instanceof List<?> l ? (List<Object>) l : List.of();
        if (given.isEmpty()) {
            problems.add("participants: at least one participant is required");
        } else if (given.size() > MAX_PARTICIPANTS) {
            problems.add("participants: at most " + MAX_PARTICIPANTS + " per submission");
        }
        List<Participant> participants = new ArrayList<>();
        for (int i = 0; i < Math.min(given.size(), MAX_PARTICIPANTS); i++) {
            Map<String, Object> p = given.get(i) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String field = "participants[" + i + "]";
            boolean named = checkText(problems, field + ".name", p.get("name"));
            String name = text(p.get("name"));
            if (named && PersonNames.key(name).isEmpty()) {
                problems.add(field + ".name: needs at least one letter");
                named = false;
            }
            LocalDate born = birthDate(problems, field + ".dateOfBirth", text(p.get("dateOfBirth")), eventDate, today);
            if (born != null && named) {
                participants.add(new Participant(i, name, born, Period.between(born, eventDate).getYears() < 18));
            } else if (born != null && Period.between(born, eventDate).getYears() < 18) {
                // an unnamed minor still needs the guardian: say so now, not on the next attempt
                participants.add(null);
            }
        }
        boolean anyMinor = participants.stream().anyMatch(p -> p == null || p.minor());
        participants.removeIf(java.util.Objects::isNull);
        Map<String, Object> guardian = request.get("guardian") instanceof Map<?, ?> g ? (Map<String, Object>) g : null;
        if (anyMinor) {
            Map<String, Object> g = guardian == null ? Map.of() : guardian;
            for (String part : List.of("name", "relationship", "signature")) {
                if (text(g.get(part)).isEmpty()) {
                    problems.add("guardian." + part + ": required for a participant under 18");
                } else {
                    checkText(problems, "guardian." + part, g.get(part));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new WaiverRejectedException(problems);
        }
        return new WaiverSubmission(eventId, event, eventDate, dated, text(request.get("signature")), guardian,
                distinct(participants));
    }

    private static LocalDate birthDate(List<String> problems, String field, String value, LocalDate eventDate,
                                       LocalDate today) {
        LocalDate born;
        try {
            born = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(field + ": required as YYYY-MM-DD");
            return null;
        }
        if (born.isAfter(eventDate)) {
            problems.add(field + ": after the charter date (" + eventDate + ")");
            return null;
        }
        if (born.isAfter(today)) {
            problems.add(field + ": in the future");
            return null;
        }
        if (born.isBefore(LocalDate.of(1900, 1, 1))) {
            problems.add(field + ": not plausible");
            return null;
        }
        return born;
    }

    /** One entry per person, however often or in whichever spelling the submission lists them. */
    private static List<Participant> distinct(List<Participant> participants) {
        Map<String, Participant> byIdentity = new LinkedHashMap<>();
        participants.forEach(p -> byIdentity.putIfAbsent(p.identity(), p));
        return List.copyOf(byIdentity.values());
    }

    String guardianPart(String part) {
        return guardian == null ? "" : text(guardian.get(part));
    }

    /** Required, and one line of printable text ({@link SingleLineText}); answers whether the value is usable. */
    private static boolean checkText(List<String> problems, String field, Object raw) {
        String problem = raw == null ? null : SingleLineText.problem(raw.toString());
        if (problem != null) {
            problems.add(field + ": " + problem);
            return false;
        }
        if (text(raw).isEmpty()) {
            problems.add(field + ": required");
            return false;
        }
        return true;
    }

    static String text(Object o) {
        return o == null ? "" : o.toString().strip();
    }

    /** The {@code jada-waivers} item of one participant's waiver (DESIGN.md section 5). */
    Map<String, AttributeValue> item(String waiverId, Participant p, Instant signedAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("waiverId", AttributeValue.fromS(waiverId));
        item.put("eventId", AttributeValue.fromS(eventId));
        if (dated) {
            item.put("eventDate", AttributeValue.fromS(eventDate.toString()));
        }
        item.put("participantKey", AttributeValue.fromS(p.identity()));
        item.put("participantName", AttributeValue.fromS(p.name()));
        item.put("dateOfBirth", AttributeValue.fromS(p.dateOfBirth().toString()));
        item.put("minor", AttributeValue.fromBool(p.minor()));
        item.put("signature", AttributeValue.fromS(signature));
        item.put("signedAt", AttributeValue.fromS(signedAt.toString()));
        if (p.minor()) {
            item.put("guardianName", AttributeValue.fromS(guardianPart("name")));
            item.put("guardianRelationship", AttributeValue.fromS(guardianPart("relationship")));
            item.put("guardianSignature", AttributeValue.fromS(guardianPart("signature")));
        }
        return item;
    }
}
