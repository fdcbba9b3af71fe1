package com.jada.chartersync.waiver;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The charter records the waiver function reads from {@code jada-events}, always strongly consistent. */
final class CharterItems {

    private final DynamoDbClient dynamo;
    private final String eventsTable;

    CharterItems(DynamoDbClient dynamo, String eventsTable) {
        this.dynamo = dynamo;
        this.eventsTable = eventsTable;
    }

    /** The record of one event, or null when there is none. */
    Map<String, AttributeValue> one(String eventId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(eventsTable)
                .key(Map.of("eventId", AttributeValue.fromS(eventId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The records of the given ids that exist, read 100 keys a call, unprocessed keys asked again. */
    Map<String, Map<String, AttributeValue>> many(Collection<String> eventIds) {
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

    /** A string attribute, or null. */
    static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
