package com.jada.chartersync.sync;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.config.DynamoBatches;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.record.KnownState;
import com.jada.chartersync.record.TableDefinitions;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;


import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Camel's idempotent consumer repository in DynamoDB (Camel ships none for it): one item per processed
 * message key with an expiry (DynamoDB's TTL deletes it after {@code charter.sync.processed-retention}). Inside a
 * cycle, keys are written in batches when the versions' work is done (crash safety); elsewhere with a conditional
 * write ({@code attribute_not_exists}).
 * Bean name {@code processedEvents}, referred to by route {@code event-upsert}.
 */
@Component("processedEvents")
public class DynamoDbIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    public DynamoDbIdempotentRepository(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.table = properties.tables().idempotency();
        this.retention = properties.sync().processedRetention();
    }

    @Override
    public boolean add(String key) {
        // Most keys a full resync meets were processed before: a read answers those without a (failed) write.
        if (contains(key)) {
            return false;
        }
        return put(key);
    }

    private boolean put(String key) {
        Instant now = Instant.now();
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("messageKey", AttributeValue.fromS(key), "addedAt", AttributeValue.fromS(now.toString()),
                            // DynamoDB's TTL deletes the key after the retention: a version that old never comes back
                            TableDefinitions.PROCESSED_EXPIRES_AT, AttributeValue.fromN(Long.toString(now.plus(retention).getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(messageKey)"));
            return true;
        } catch (ConditionalCheckFailedException seen) {
            return false;
        }
    }

    /**
     * Route {@code event-upsert} (not eager) asks first whether a version was processed; when the cycle read this
     * key in its batch at the start, that answer replaces the read.
     */
    @Override
    public boolean contains(Exchange exchange, String key) {
        KnownState known = exchange.getVariable(KnownState.VARIABLE, KnownState.class);
        if (known == null || !known.knowsKey(key)) {
            return contains(key);
        }
        return known.processedKeys().contains(key);
    }

    /**
     * Called when an event version's record step is done. Inside a cycle the key is only noted: the cycle writes
     * it once the version's page is verified too ({@link #commit}), so a crash in between leaves the version to be
     * taken through again by the next ordinary cycle. Outside a cycle it is written at once.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        SyncCycle cycle = cycle(exchange);
        if (cycle == null) {
            return add(key);
        }
        cycle.events().processedPending(key.substring(0, key.indexOf(':')), key);
        return true;
    }

    /** Route {@code cycle-publish}, last: writes the keys of the versions whose work is done, 25 to a call. */
    public void commit(Exchange exchange) {
        SyncCycle cycle = cycle(exchange);
        if (cycle != null) {
            commit(cycle.events().keysToCommit());
        }
    }

    void commit(List<String> keys) {
        Instant now = Instant.now();
        String expires = Long.toString(now.plus(retention).getEpochSecond());
        DynamoBatches.putAll(dynamo, table, keys.stream().map(key -> Map.of("messageKey", AttributeValue.fromS(key),
                "addedAt", AttributeValue.fromS(now.toString()),
                TableDefinitions.PROCESSED_EXPIRES_AT, AttributeValue.fromN(expires))).toList(), "processed keys");
    }

    private static SyncCycle cycle(Exchange exchange) {
        return exchange == null ? null : exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);
    }

    @Override
    public boolean contains(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("messageKey", AttributeValue.fromS(key))).consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public boolean remove(String key) {
        Map<String, AttributeValue> old = dynamo.deleteItem(b -> b.tableName(table)
                .key(Map.of("messageKey", AttributeValue.fromS(key))).returnValues("ALL_OLD")).attributes();
        return old != null && !old.isEmpty();
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        dynamo.scanPaginator(b -> b.tableName(table)).items().forEach(i -> remove(i.get("messageKey").s()));
    }

    /** The key of one calendar event version, as route {@code event-upsert} computes it. */
    public static String key(String calendarEventId, String etag) {
        return calendarEventId + ":" + etag;
    }
}
