package com.jada.chartersync.config;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * DynamoDB's batch calls at their limits, with what they leave unprocessed asked again: BatchGetItem 100 keys a
 * call, BatchWriteItem 25 items a call. The one place the runtime batches reads and writes of a single table.
 */
public final class DynamoBatches {

    /** BatchGetItem's limit per request. */
    public static final int GET_LIMIT = 100;
    /** BatchWriteItem's limit per request. */
    public static final int WRITE_LIMIT = 25;
    private static final int WRITE_ATTEMPTS = 5;

    private DynamoBatches() {
    }

    /** The items of {@code table} whose string key {@code keyName} is one of {@code ids} (those that exist). */
    public static List<Map<String, AttributeValue>> getAll(DynamoDbClient dynamo, String table, String keyName,
                                                           Collection<String> ids, boolean consistentRead) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        List<String> all = new ArrayList<>(new LinkedHashSet<>(ids));
        for (int from = 0; from < all.size(); from += GET_LIMIT) {
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + GET_LIMIT)).stream()
                    .map(id -> Map.of(keyName, AttributeValue.fromS(id))).toList();
            Map<String, KeysAndAttributes> ask = Map.of(table,
                    KeysAndAttributes.builder().keys(keys).consistentRead(consistentRead).build());
            while (!ask.isEmpty()) {
                Map<String, KeysAndAttributes> request = ask;
                BatchGetItemResponse response = dynamo.batchGetItem(b -> b.requestItems(request));
                out.addAll(response.responses().getOrDefault(table, List.of()));
                ask = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return out;
    }

    /**
     * Puts every item into {@code table}; throws naming {@code what} when DynamoDB still leaves some unprocessed
     * after {@value #WRITE_ATTEMPTS} attempts of a batch (throttling).
     */
    public static void putAll(DynamoDbClient dynamo, String table, List<Map<String, AttributeValue>> items, String what) {
        for (int from = 0; from < items.size(); from += WRITE_LIMIT) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + WRITE_LIMIT)).stream()
                    .map(item -> WriteRequest.builder().putRequest(p -> p.item(item)).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty() && attempt < WRITE_ATTEMPTS; attempt++) {
                Map<String, List<WriteRequest>> request = pending;
                pending = dynamo.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
            }
            if (!pending.isEmpty()) {
                throw new IllegalStateException("DynamoDB left " + pending.get(table).size() + " " + what
                        + " unwritten after " + WRITE_ATTEMPTS + " attempts");
            }
        }
    }
}
