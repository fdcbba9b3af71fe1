package com.jada.chartersync.waiver;

import com.jada.chartersync.text.Identifiers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    private final DynamoDbClient dynamo;
    private final String eventsTable;
    private final String waiversTable;
    private final WaiverLedger ledger;

    public WaiverService(DynamoDbClient dynamo, String eventsTable, String waiversTable) {
        this.dynamo = dynamo;
        this.eventsTable = eventsTable;
        this.waiversTable = waiversTable;
        this.ledger = new WaiverLedger(dynamo, waiversTable);
    }

    /**
     * Stores one waiver per new participant, under {@code <eventId>#<submission id>#<position>} so no two people
     * share a key, after {@link WaiverLedger} claimed them (once per person, never beyond the party). Answers
     * {@code stored} (written now) and {@code alreadySigned} (people who had signed this charter before) only once
     * the store confirmed every write.
     */
    public Map<String, Object> submit(Map<String, Object> request) {
        WaiverSubmission s = WaiverSubmission.check(request, this::event, LocalDate.now());
        String submissionId = UUID.randomUUID().toString();
        Map<String, String> newIds = new LinkedHashMap<>();
        s.participants().forEach(p -> newIds.put(p.identity(), s.eventId() + "#" + submissionId + "#" + p.position()));
        int expected = expectedSignatures(s.event());
        WaiverLedger.Claim claim;
        try {
            claim = ledger.claim(s.eventId(), newIds, expected);
        } catch (WaiverLedger.PartyFullException full) {
            // Anyone with the form link could otherwise sign beyond the party (the guest saw "2 of 1").
            throw new WaiverRejectedException(List.of(partyFull(full.expected, full.signed)));
        }
        int stored = 0;
        int already = 0;
        List<String> written = new ArrayList<>();
        try {
            for (WaiverSubmission.Participant p : s.participants()) {
                String waiverId = claim.waiverIds().get(p.identity());
                boolean added = claim.added().contains(p.identity());
                if (!added && stored(waiverId)) {
                    already++;
                    continue;
                }
                // claimed now, or claimed by an earlier submission whose write never reached the store
                if (write(waiverId, s, p)) {
                    stored++;
                } else {
                    already++;
                }
                written.add(p.identity());
            }
        } catch (RuntimeException e) {
            List<String> unwritten = new ArrayList<>(claim.added());
            unwritten.removeAll(written);
            try {
                ledger.release(s.eventId(), unwritten);
            } catch (RuntimeException releaseFailed) {
                e.addSuppressed(releaseFailed);  // kept claimed: the next submission writes the waiver
            }
            throw e;
        }
        Map<String, Object> status = updateStatus(s.eventId(), s.event());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", true);
        out.put("eventId", s.eventId());
        out.put("stored", stored);
        out.put("alreadySigned", already);
        out.putAll(status);
        return out;
    }

    private static String partyFull(int expected, int signedBefore) {
        return "participants: this charter is booked for a party of " + expected
                + " and " + signedBefore + (signedBefore == 1 ? " waiver is" : " waivers are") + " signed already; "
                + (expected - signedBefore <= 0 ? "no more can be added"
                : "only " + (expected - signedBefore) + " more can be added")
                + ". If more people are coming, ask the charter office to raise the party size.";
    }

    /** Writes one waiver; false when it was there already (a concurrent resubmission wrote the same claim). */
    private boolean write(String waiverId, WaiverSubmission s, WaiverSubmission.Participant p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("waiverId", AttributeValue.fromS(waiverId));
        item.put("eventId", AttributeValue.fromS(s.eventId()));
        if (s.dated()) {
            item.put("eventDate", AttributeValue.fromS(s.eventDate().toString()));
        }
        item.put("participantKey", AttributeValue.fromS(p.identity()));
        item.put("participantName", AttributeValue.fromS(p.name()));
        item.put("dateOfBirth", AttributeValue.fromS(p.dateOfBirth().toString()));
        item.put("minor", AttributeValue.fromBool(p.minor()));
        item.put("signature", AttributeValue.fromS(s.signature()));
        item.put("signedAt", AttributeValue.fromS(Instant.now().toString()));
        if (p.minor()) {
            item.put("guardianName", AttributeValue.fromS(s.guardianPart("name")));
            item.put("guardianRelationship", AttributeValue.fromS(s.guardianPart("relationship")));
            item.put("guardianSignature", AttributeValue.fromS(s.guardianPart("signature")));
        }
        try {
            dynamo.putItem(b -> b.tableName(waiversTable).item(item).conditionExpression("attribute_not_exists(waiverId)"));
            return true;
        } catch (ConditionalCheckFailedException already) {
            return false;
        }
    }

    public Map<String, Object> verify(String eventId) {
        String problem = Identifiers.problem(eventId == null ? null : eventId.strip());
        if (problem != null) {
            throw new WaiverRejectedException(List.of("eventId: " + problem));
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
            String problem = Identifiers.problem(eventIds.get(i) == null ? null : eventIds.get(i).strip());
            if (problem != null) {
                problems.add("eventIds[" + i + "]: " + problem);
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
            String eventId = s(waiver, "eventId");
            if (eventId == null && s(waiver, "waiverId").startsWith(WaiverLedger.PREFIX)) {
                continue;
            }
            seen++;
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

    private boolean stored(String waiverId) {
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

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
