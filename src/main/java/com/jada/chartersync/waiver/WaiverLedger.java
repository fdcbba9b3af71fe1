package com.jada.chartersync.waiver;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who has signed one charter: one item per charter in the waivers table ({@code waiverId} {@code ledger#<eventId>},
 * without {@code eventId}/{@code eventDate}, so neither index nor any count sees it) mapping each signer's identity
 * (birth date and {@link com.jada.chartersync.text.PersonNames name key}) to the {@code waiverId} their waiver is
 * stored under. Every claim is one conditional write on that item (its {@code version}), so two submissions at once
 * can neither both sign the same person nor together sign more people than the party: DynamoDB has no uniqueness
 * on a non-key attribute, and dynalite, the local cloud's DynamoDB, has no transactions. A charter whose waivers
 * predate the ledger gets one from its stored waivers on its first claim.
 */
final class WaiverLedger {

    static final String PREFIX = "ledger#";
    private static final int ATTEMPTS = 25;

    private final DynamoDbClient dynamo;
    private final String table;

    WaiverLedger(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * What a claim found: every identity asked for with the waiverId it is filed under, and which of them this
     * claim added (the others had signed before).
     */
    record Claim(Map<String, String> waiverIds, List<String> added) {
    }

    /** Thrown when signing {@code wanted} new people would exceed the party. */
    static final class PartyFullException extends RuntimeException {
        final int expected;
        final int signed;

        PartyFullException(int expected, int signed) {
            super("party of " + expected + " full");
            this.expected = expected;
            this.signed = signed;
        }

        /** What the guest reads: anyone with the form link could otherwise sign beyond the party ("2 of 1"). */
        String reason() {
            return "participants: this charter is booked for a party of " + expected
                    + " and " + signed + (signed == 1 ? " waiver is" : " waivers are") + " signed already; "
                    + (expected - signed <= 0 ? "no more can be added" : "only " + (expected - signed) + " more can be added")
                    + ". If more people are coming, ask the charter office to raise the party size.";
        }
    }

    /**
     * Claims {@code identities} (identity to the waiverId a new signer gets) for {@code eventId}, at most
     * {@code expected} signers in all.
     */
    Claim claim(String eventId, Map<String, String> identities, int expected) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                    .key(key(eventId)).consistentRead(true)).item();
            boolean exists = item != null && !item.isEmpty();
            Map<String, String> signers = exists ? signers(item) : fromStoredWaivers(eventId);
            long version = exists && item.containsKey("version") ? Long.parseLong(item.get("version").n()) : 0;
            Map<String, String> found = new LinkedHashMap<>();
            List<String> added = new ArrayList<>();
            Map<String, String> after = new HashMap<>(signers);
            identities.forEach((identity, newId) -> {
                String filed = signers.get(identity);
                if (filed == null) {
                    after.put(identity, newId);
                    added.add(identity);
                    filed = newId;
                }
                found.put(identity, filed);
            });
            if (added.isEmpty()) {
                return new Claim(found, added);
            }
            if (after.size() > expected) {
                throw new PartyFullException(expected, signers.size());
            }
            Map<String, AttributeValue> next = new HashMap<>(key(eventId));
            next.put("ledgerOf", AttributeValue.fromS(eventId));
            next.put("version", AttributeValue.fromN(Long.toString(version + 1)));
            Map<String, AttributeValue> m = new HashMap<>();
            after.forEach((identity, waiverId) -> m.put(identity, AttributeValue.fromS(waiverId)));
            next.put("signers", AttributeValue.fromM(m));
            try {
                if (exists) {
                    dynamo.putItem(b -> b.tableName(table).item(next).conditionExpression("version = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))));
                } else {
                    dynamo.putItem(b -> b.tableName(table).item(next).conditionExpression("attribute_not_exists(waiverId)"));
                }
                return new Claim(found, added);
            } catch (ConditionalCheckFailedException raced) {
                // another submission for this charter claimed first: read what it claimed and decide again
                pause(attempt);
            }
        }
        throw new BusyException("the waivers of " + eventId + " are being signed by too many at once; try again");
    }

    /** Claimed identities whose waiver was not written (the store failed in between) are let go again. */
    void release(String eventId, List<String> identities) {
        for (int attempt = 0; attempt < ATTEMPTS && !identities.isEmpty(); attempt++) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(eventId)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return;
            }
            long version = Long.parseLong(item.get("version").n());
            Map<String, AttributeValue> m = new HashMap<>(item.get("signers").m());
            identities.forEach(m::remove);
            Map<String, AttributeValue> next = new HashMap<>(item);
            next.put("signers", AttributeValue.fromM(m));
            next.put("version", AttributeValue.fromN(Long.toString(version + 1)));
            try {
                dynamo.putItem(b -> b.tableName(table).item(next).conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(version)))));
                return;
            } catch (ConditionalCheckFailedException raced) {
                pause(attempt);
            }
        }
    }

    /** The ledger stayed contended through every attempt: nothing was claimed; the caller may try again. */
    static final class BusyException extends RuntimeException {
        BusyException(String message) {
            super(message);
        }
    }

    private static Map<String, AttributeValue> key(String eventId) {
        return Map.of("waiverId", AttributeValue.fromS(PREFIX + eventId));
    }

    private static Map<String, String> signers(Map<String, AttributeValue> item) {
        Map<String, String> out = new HashMap<>();
        AttributeValue m = item.get("signers");
        if (m != null && m.hasM()) {
            m.m().forEach((identity, waiverId) -> out.put(identity, waiverId.s()));
        }
        return out;
    }

    /** The signers of a charter whose waivers were stored before the ledger existed, from the eventId index. */
    private Map<String, String> fromStoredWaivers(String eventId) {
        Map<String, String> out = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(WaiverService.EVENT_INDEX)
                        .keyConditionExpression("eventId = :e")
                        .expressionAttributeValues(Map.of(":e", AttributeValue.fromS(eventId))))
                .items().forEach(w -> {
                    AttributeValue name = w.get("participantName");
                    AttributeValue born = w.get("dateOfBirth");
                    String identity = name == null || born == null ? w.get("waiverId").s()
                            : WaiverSubmission.Participant.identity(name.s(), born.s());
                    out.putIfAbsent(identity, w.get("waiverId").s());
                });
        return out;
    }

    private static void pause(int attempt) {
        try {
            // jittered, growing: submissions that collided do not collide again in step
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 10 + 10L * Math.min(attempt, 10)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing", e);
        }
    }
}
