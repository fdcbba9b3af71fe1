package com.jada.chartersync.waiver;

import com.jada.chartersync.text.SingleLineText;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The waiver rules (DESIGN.md section 5): validate a submission, store one waiver per participant in
 * {@code jada-waivers} (resubmitting is harmless), and move the event's {@code waiverStatus}
 * pending → partial → signed as the expected participants sign. Also answers {@code verify}.
 */
public class WaiverService {

    /** The waivers table's global secondary index on {@code eventId}: counting an event's waivers is a Query. */
    public static final String EVENT_INDEX = "eventId-index";
    /**
     * The waivers table's global secondary index on {@code eventDate}, the charter's date stored on each waiver:
     * a day's waivers (the dock manifest) are one Query, whatever the number of charters that day.
     */
    public static final String DATE_INDEX = "eventDate-index";

    static final int MAX_PARTICIPANTS = 20;

    private final DynamoDbClient dynamo;
    private final String eventsTable;
    private final String waiversTable;

    public WaiverService(DynamoDbClient dynamo, String eventsTable, String waiversTable) {
        this.dynamo = dynamo;
        this.eventsTable = eventsTable;
        this.waiversTable = waiversTable;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> submit(Map<String, Object> request) {
        List<String> problems = new ArrayList<>();
        String eventId = text(request.get("eventId"));
        Map<String, AttributeValue> event = null;
        if (eventId.isEmpty()) {
            problems.add("eventId: required");
        } else {
            event = event(eventId);
            if (event == null) {
                problems.add("eventId: unknown event " + eventId);
            } else if ("cancelled".equals(s(event, "status"))) {
                problems.add("eventId: the charter was cancelled");
            }
        }
        boolean dated = event != null && event.containsKey("eventDate");
        LocalDate eventDate = dated ? LocalDate.parse(s(event, "eventDate")) : LocalDate.now();
        if (!Boolean.TRUE.equals(request.get("acceptedTerms"))) {
            problems.add("acceptedTerms: the terms must be accepted");
        }
        String signature = text(request.get("signature"));
        checkText(problems, "signature", request.get("signature"));
        Object rawParticipants = request.get("participants");
        List<Map<String, Object>> participants = rawParticipants instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        if (participants.isEmpty()) {
            problems.add("participants: at least one participant is required");
        } else if (participants.size() > MAX_PARTICIPANTS) {
            problems.add("participants: at most " + MAX_PARTICIPANTS + " per submission");
        }
        boolean anyMinor = false;
        List<String[]> valid = new ArrayList<>();
        for (int i = 0; i < Math.min(participants.size(), MAX_PARTICIPANTS); i++) {
            Object raw = participants.get(i);
            Map<String, Object> p = raw instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String name = text(p.get("name"));
            checkText(problems, "participants[" + i + "].name", p.get("name"));
            String dob = text(p.get("dateOfBirth"));
            LocalDate born = null;
            try {
                born = LocalDate.parse(dob);
                if (born.isAfter(LocalDate.now())) {
                    problems.add("participants[" + i + "].dateOfBirth: in the future");
                    born = null;
                } else if (born.isBefore(LocalDate.of(1900, 1, 1))) {
                    problems.add("participants[" + i + "].dateOfBirth: not plausible");
                    born = null;
                }
            } catch (DateTimeParseException e) {
                problems.add("participants[" + i + "].dateOfBirth: required as YYYY-MM-DD");
            }
            if (born != null) {
                boolean minor = Period.between(born, eventDate).getYears() < 18;
                anyMinor |= minor;
                if (!name.isEmpty()) {
                    valid.add(new String[] {name, born.toString(), Boolean.toString(minor)});
                }
            }
        }
        Map<String, Object> guardian = request.get("guardian") instanceof Map<?, ?> g ? (Map<String, Object>) g : null;
        if (anyMinor) {
            if (guardian == null) {
                problems.add("guardian.name: required for a participant under 18");
                problems.add("guardian.relationship: required for a participant under 18");
                problems.add("guardian.signature: required for a participant under 18");
            } else {
                checkText(problems, "guardian.name", guardian.get("name"));
                checkText(problems, "guardian.relationship", guardian.get("relationship"));
                checkText(problems, "guardian.signature", guardian.get("signature"));
            }
        }
        if (!problems.isEmpty()) {
            throw new WaiverRejectedException(problems);
        }
        // One signature per participant (name and date of birth), however often or in whichever spelling they sign.
        Map<String, String[]> distinct = new LinkedHashMap<>();
        for (String[] p : valid) {
            distinct.putIfAbsent(waiverId(eventId, p[0], p[1]), p);
        }
        List<String> newIds = new ArrayList<>();
        for (String id : distinct.keySet()) {
            if (!signed(id)) {
                newIds.add(id);
            }
        }
        int expected = expectedSignatures(event);
        int signedBefore = newIds.isEmpty() ? 0 : signedCount(eventId);
        if (!newIds.isEmpty() && signedBefore + newIds.size() > expected) {
            // Anyone with the form link could otherwise sign beyond the party (the guest saw "2 of 1").
            throw new WaiverRejectedException(List.of("participants: this charter is booked for a party of " + expected
                    + " and " + signedBefore + (signedBefore == 1 ? " waiver is" : " waivers are") + " signed already; "
                    + (expected - signedBefore <= 0 ? "no more can be added"
                    : "only " + (expected - signedBefore) + " more can be added")
                    + ". If more people are coming, ask the charter office to raise the party size."));
        }
        int stored = 0;
        for (Map.Entry<String, String[]> entry : distinct.entrySet()) {
            String[] p = entry.getValue();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("waiverId", AttributeValue.fromS(entry.getKey()));
            item.put("eventId", AttributeValue.fromS(eventId));
            if (dated) {
                item.put("eventDate", AttributeValue.fromS(eventDate.toString()));
            }
            item.put("participantName", AttributeValue.fromS(p[0]));
            item.put("dateOfBirth", AttributeValue.fromS(p[1]));
            item.put("minor", AttributeValue.fromBool(Boolean.parseBoolean(p[2])));
            item.put("signature", AttributeValue.fromS(signature));
            item.put("signedAt", AttributeValue.fromS(Instant.now().toString()));
            if (Boolean.parseBoolean(p[2])) {
                item.put("guardianName", AttributeValue.fromS(text(guardian.get("name"))));
                item.put("guardianRelationship", AttributeValue.fromS(text(guardian.get("relationship"))));
                item.put("guardianSignature", AttributeValue.fromS(text(guardian.get("signature"))));
            }
            try {
                dynamo.putItem(b -> b.tableName(waiversTable).item(item).conditionExpression("attribute_not_exists(waiverId)"));
                stored++;
            } catch (ConditionalCheckFailedException already) {
                // the same participant signed this charter before: stored once
            }
        }
        Map<String, Object> status = updateStatus(eventId, event);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", true);
        out.put("eventId", eventId);
        out.put("stored", stored);
        out.putAll(status);
        return out;
    }

    public Map<String, Object> verify(String eventId) {
        if (eventId == null || eventId.isBlank()) {
            throw new WaiverRejectedException(List.of("eventId: required"));
        }
        return answer(eventId, event(eventId));
    }

    private Map<String, Object> answer(String eventId, Map<String, AttributeValue> event) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", eventId);
        out.put("known", event != null);
        if (event == null) {
            out.put("bookable", false);
            return out;
        }
        boolean cancelled = "cancelled".equals(s(event, "status"));
        out.put("cancelled", cancelled);
        out.put("bookable", !cancelled);
        out.put("waiverStatus", s(event, "waiverStatus") == null ? "pending" : s(event, "waiverStatus"));
        out.put("signed", signedCount(eventId));
        out.put("expected", expectedSignatures(event));
        return out;
    }

    /** At most this many events in one {@code verify} batch: a bounded answer and a bounded function run. */
    public static final int MAX_BATCH = 1000;

    /**
     * {@link #verify} for many events in one invocation: the events are read with BatchGetItem (100 keys a call),
     * the signatures counted per event over the index. Answers {@code {"results":[...]}}, one entry per id, in the
     * order asked, each exactly what {@link #verify} answers for it.
     */
    public Map<String, Object> verifyAll(List<String> eventIds) {
        if (eventIds == null || eventIds.isEmpty()) {
            throw new WaiverRejectedException(List.of("eventIds: required"));
        }
        if (eventIds.size() > MAX_BATCH) {
            throw new WaiverRejectedException(List.of("eventIds: at most " + MAX_BATCH + " in one request, got " + eventIds.size()));
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < eventIds.size(); i++) {
            if (eventIds.get(i) == null || eventIds.get(i).isBlank()) {
                problems.add("eventIds[" + i + "]: required");
            }
        }
        if (!problems.isEmpty()) {
            throw new WaiverRejectedException(problems);
        }
        Map<String, Map<String, AttributeValue>> events = events(new LinkedHashSet<>(eventIds));
        List<Map<String, Object>> results = new ArrayList<>(eventIds.size());
        for (String eventId : eventIds) {
            results.add(answer(eventId, events.get(eventId)));
        }
        return Map.of("results", results);
    }

    /**
     * Gives every waiver its charter's current date ({@code eventDate}, what {@link #DATE_INDEX} finds it by):
     * waivers stored before waivers carried a date, and those of a charter that has since moved to another day.
     * One Scan of the waivers and one read per charter they belong to; run once after adding the index, and
     * after a charter with waivers moved. Answers how many waivers it changed.
     */
    public Map<String, Object> dateWaivers() {
        Map<String, String> dateOf = new HashMap<>();
        int seen = 0;
        int changed = 0;
        for (Map<String, AttributeValue> waiver : dynamo.scanPaginator(b -> b.tableName(waiversTable)).items()) {
            seen++;
            String eventId = s(waiver, "eventId");
            if (eventId == null) {
                continue;
            }
            String date = dateOf.computeIfAbsent(eventId, id -> {
                Map<String, AttributeValue> event = event(id);
                String d = event == null ? null : s(event, "eventDate");
                return d == null ? "" : d;
            });
            if (date.isEmpty() || date.equals(s(waiver, "eventDate"))) {
                continue;
            }
            dynamo.updateItem(b -> b.tableName(waiversTable).key(Map.of("waiverId", waiver.get("waiverId")))
                    .updateExpression("SET eventDate = :d").conditionExpression("attribute_exists(waiverId)")
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(date))));
            changed++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("waivers", seen);
        out.put("dated", changed);
        return out;
    }

    private Map<String, Object> updateStatus(String eventId, Map<String, AttributeValue> event) {
        int signed = signedCount(eventId);
        int expected = expectedSignatures(event);
        String status = status(signed, expected);
        dynamo.updateItem(b -> b.tableName(eventsTable).key(Map.of("eventId", AttributeValue.fromS(eventId)))
                .updateExpression("SET waiverStatus = :s, waiversSigned = :n, waiversExpected = :m")
                .conditionExpression("attribute_exists(eventId)")
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status),
                        ":n", AttributeValue.fromN(Integer.toString(signed)), ":m", AttributeValue.fromN(Integer.toString(expected)))));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("waiverStatus", status);
        out.put("signed", signed);
        out.put("expected", expected);
        return out;
    }

    private static String waiverId(String eventId, String name, String dateOfBirth) {
        return eventId + "#" + key(name) + "#" + dateOfBirth;
    }

    private boolean signed(String waiverId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(waiversTable)
                .key(Map.of("waiverId", AttributeValue.fromS(waiverId))).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    /** What {@code waiverStatus} says for so many signatures of so many expected. */
    public static String status(int signed, int expected) {
        return signed == 0 ? "pending" : signed < expected ? "partial" : "signed";
    }

    /** The event's stored signatures (one COUNT Query over {@link #EVENT_INDEX}). */
    public int signedCount(String eventId) {
        // COUNT over the index: no items travel, and the table is never scanned
        int n = 0;
        for (var page : dynamo.queryPaginator(b -> b.tableName(waiversTable).indexName(EVENT_INDEX)
                .keyConditionExpression("eventId = :e").select("COUNT")
                .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(eventId))))) {
            n += page.count();
        }
        return n;
    }

    /**
     * How many signatures an event needs: party size when the calendar gave one, else the known minors, else one
     * guest. Public so the status board counts exactly as the waiver system does.
     */
    public static int expectedSignatures(Map<String, AttributeValue> event) {
        if (event.containsKey("partySize")) {
            return Math.max(1, Integer.parseInt(event.get("partySize").n()));
        }
        if (event.containsKey("minors") && event.get("minors").hasL() && !event.get("minors").l().isEmpty()) {
            return event.get("minors").l().size();
        }
        return 1;
    }

    private Map<String, AttributeValue> event(String eventId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(eventsTable)
                .key(Map.of("eventId", AttributeValue.fromS(eventId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The events of the given ids that exist, read 100 keys a call, unprocessed keys asked again. */
    private Map<String, Map<String, AttributeValue>> events(Collection<String> eventIds) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        List<String> ids = new ArrayList<>(eventIds);
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String id : ids.subList(from, Math.min(ids.size(), from + 100))) {
                keys.add(Map.of("eventId", AttributeValue.fromS(id)));
            }
            Map<String, KeysAndAttributes> ask = Map.of(eventsTable,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!ask.isEmpty()) {
                Map<String, KeysAndAttributes> request = ask;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(eventsTable, List.of())) {
                    out.put(item.get("eventId").s(), item);
                }
                ask = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    /** Names, signatures, relationship: required, and one line of printable text ({@link SingleLineText}). */
    private static void checkText(List<String> problems, String field, Object raw) {
        String problem = raw == null ? null : SingleLineText.problem(raw.toString());
        if (problem != null) {
            problems.add(field + ": " + problem);
        } else if (text(raw).isEmpty()) {
            problems.add(field + ": required");
        }
    }

    private static String text(Object o) {
        return o == null ? "" : o.toString().strip();
    }

    private static String key(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-");
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
