package com.jada.chartersync.waiver;

import com.jada.chartersync.text.Identifiers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.jada.chartersync.waiver.CharterItems.s;

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
    private final CharterItems charters;

    public WaiverService(DynamoDbClient dynamo, String eventsTable, String waiversTable) {
        this.dynamo = dynamo;
        this.eventsTable = eventsTable;
        this.waiversTable = waiversTable;
        this.ledger = new WaiverLedger(dynamo, waiversTable);
        this.charters = new CharterItems(dynamo, eventsTable);
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
            throw new WaiverRejectedException(List.of(full.reason()));
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

    /** Writes one waiver; false when it was there already (a concurrent resubmission wrote the same claim). */
    private boolean write(String waiverId, WaiverSubmission s, WaiverSubmission.Participant p) {
        Map<String, AttributeValue> item = s.item(waiverId, p, Instant.now());
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
        Map<String, Map<String, AttributeValue>> events = charters.many(new LinkedHashSet<>(eventIds));
        List<Map<String, Object>> results = new ArrayList<>(eventIds.size());
        for (String eventId : eventIds) {
            results.add(answer(eventId, events.get(eventId)));
        }
        return Map.of("results", results);
    }

    /** The {@code date-waivers} action ({@link WaiverDating}): every waiver gets its charter's current date. */
    public Map<String, Object> dateWaivers() {
        return new WaiverDating(dynamo, waiversTable, charters).run();
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
        return charters.one(eventId);
    }
}
