package com.jada.chartersync.deadletter;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter table's items ({@code jada-dead-letters}): written, counted again, tried again, given up,
 * resolved. Status {@value #UNRESOLVED} (open, redriven when due), {@value #GIVEN_UP} (its deadline passed: shown,
 * no longer tried) or {@value #RESOLVED}. Every call throws the SDK's exception when the table cannot be reached.
 */
final class DeadLetterTable {

    static final String UNRESOLVED = "unresolved";
    static final String RESOLVED = "resolved";
    static final String GIVEN_UP = "given-up";
    private static final List<String> TEXT = List.of("id", "failedAt", "lastSeenAt", "routeId", "reason", "exception",
            "eventRef", "calendarEventId", "calendarEtag", "cycleId", "payloadType", "payload", "status", "cause",
            "nextTryAt", "lastTriedAt", "givenUpAt", "givenUpReason");

    private final DynamoDbClient dynamo;
    private final String table;

    DeadLetterTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    String name() {
        return table;
    }

    /** Stores the entry, or counts it again when the same (event version, step) failed before; reopens it. */
    void upsert(DeadLetterEntry e) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", s(e.at().toString()));
        values.put(":route", s(e.routeId()));
        values.put(":reason", s(e.reason()));
        values.put(":exception", s(e.exception()));
        values.put(":type", s(e.payloadType()));
        values.put(":payload", s(e.payload()));
        values.put(":status", s(UNRESOLVED));
        values.put(":one", AttributeValue.fromN("1"));
        values.put(":zero", AttributeValue.fromN("0"));
        StringBuilder set = new StringBuilder("SET failedAt = if_not_exists(failedAt, :now), lastSeenAt = :now, "
                + "routeId = :route, reason = :reason, #exc = :exception, payloadType = :type, payload = :payload, "
                + "#st = :status, attempts = if_not_exists(attempts, :zero)");
        Map<String, String> optional = new LinkedHashMap<>();
        optional.put("calendarEventId", e.calendarEventId());
        optional.put("calendarEtag", e.calendarEtag());
        optional.put("eventRef", e.eventRef());
        optional.put("cycleId", e.cycleId());
        optional.put("cause", e.cause());
        for (var field : optional.entrySet()) {
            if (field.getValue() != null && !field.getValue().isEmpty()) {
                values.put(":" + field.getKey(), s(field.getValue()));
                set.append(", ").append(field.getKey()).append(" = :").append(field.getKey());
            }
        }
        // a redrive's own failure keeps the entry's backoff (set by recordAttempt); a first failure starts it
        if (e.nextTryAt() != null) {
            values.put(":next", s(e.nextTryAt().toString()));
            set.append(", nextTryAt = if_not_exists(nextTryAt, :next)");
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(e.id())))
                .updateExpression(set + " ADD occurrences :one REMOVE resolvedAt, givenUpAt, givenUpReason")
                .expressionAttributeNames(Map.of("#exc", "exception", "#st", "status"))
                .expressionAttributeValues(values));
    }

    /** One more redrive of the entry failed: when it is tried next, and why it failed this time. */
    void recordAttempt(String id, int attempts, Instant nextTryAt, String reason) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":attempts", AttributeValue.fromN(Integer.toString(attempts)),
                ":next", s(nextTryAt.toString()), ":now", s(Instant.now().toString())));
        // the reason stays the last failure's own (a failing step stores it again) unless the redrive could not start
        if (reason != null) {
            values.put(":reason", s(reason));
        }
        update(id, "SET attempts = :attempts, nextTryAt = :next, lastTriedAt = :now"
                + (reason == null ? "" : ", reason = :reason"), values);
    }

    void giveUp(String id, String why) {
        update(id, "SET #st = :given, givenUpAt = :now, givenUpReason = :why REMOVE nextTryAt",
                Map.of(":given", s(GIVEN_UP), ":now", s(Instant.now().toString()), ":why", s(why)));
    }

    void markResolved(String id) {
        update(id, "SET #st = :resolved, resolvedAt = :now REMOVE nextTryAt",
                Map.of(":resolved", s(RESOLVED), ":now", s(Instant.now().toString())));
    }

    private void update(String id, String expression, Map<String, AttributeValue> values) {
        Map<String, String> names = expression.contains("#st") ? Map.of("#st", "status") : Map.of();
        try {
            dynamo.updateItem(b -> {
                b.tableName(table).key(Map.of("id", s(id))).updateExpression(expression)
                        .conditionExpression("attribute_exists(id)").expressionAttributeValues(values);
                if (!names.isEmpty()) {
                    b.expressionAttributeNames(names);
                }
            });
        } catch (ConditionalCheckFailedException gone) {
            // the entry was removed from the table meanwhile: nothing left to update
        }
    }

    /** A redrive's bookkeeping: the runtime keeps it in memory when the table is down, and a later redrive writes it. */
    void bestEffort(Runnable write, String id) {
        try {
            write.run();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            org.slf4j.LoggerFactory.getLogger(DeadLetterTable.class)
                    .warn("Dead letter {}: table {} did not take its redrive state ({})", id, table, e.getMessage());
        }
    }

    /** Every entry not resolved (open and given up), as plain values. */
    List<Map<String, Object>> unresolved() {
        return dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
                .filter(item -> item.get("status") == null || !RESOLVED.equals(item.get("status").s()))
                .map(DeadLetterTable::plain).toList();
    }

    Map<String, AttributeValue> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("id", s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : TEXT) {
            if (item.containsKey(k)) {
                m.put(k, item.get(k).s());
            }
        }
        for (String k : List.of("occurrences", "attempts")) {
            if (item.containsKey(k)) {
                m.put(k, Integer.parseInt(item.get(k).n()));
            }
        }
        return m;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
