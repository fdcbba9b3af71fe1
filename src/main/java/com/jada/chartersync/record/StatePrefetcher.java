package com.jada.chartersync.record;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.config.DynamoBatches;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Before route {@code cycle-publish} splits a cycle's events: reads in batches what the per-event steps would
 * otherwise ask DynamoDB one GetItem at a time (links, linked records, processed versions). A cycle with one
 * event reads nothing here: batching gains nothing there.
 */
@Component
public class StatePrefetcher {

    private final DynamoDbClient dynamo;
    private final String events;
    private final String links;
    private final String idempotency;

    public StatePrefetcher(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.events = properties.tables().events();
        this.links = properties.tables().links();
        this.idempotency = properties.tables().idempotency();
    }

    public KnownState prefetch(@Body Object body, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        if (cycle == null || !(body instanceof Collection<?> list) || list.size() < 2) {
            return KnownState.NONE;
        }
        Set<String> calendarIds = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Object o : list) {
            if (o instanceof Event e && e.getId() != null) {
                calendarIds.add(e.getId());
                // the key route event-upsert uses (reconcile cycles skip nothing, but remember what they process)
                keys.add(e.getId() + ":" + e.getEtag());
            }
        }
        if (calendarIds.size() < 2) {
            return KnownState.NONE;
        }
        Map<String, String> linked = new HashMap<>();
        batchGet(links, "calendarEventId", calendarIds)
                .forEach(item -> linked.put(item.get("calendarEventId").s(), item.get("eventId").s()));
        Map<String, CharterRecord> records = new HashMap<>();
        batchGet(events, "eventId", new LinkedHashSet<>(linked.values()))
                .forEach(item -> records.put(item.get("eventId").s(), CharterRecordMapper.fromItem(item)));
        Set<String> processed = new java.util.HashSet<>();
        batchGet(idempotency, "messageKey", keys).forEach(item -> processed.add(item.get("messageKey").s()));
        return new KnownState(Set.copyOf(calendarIds), Map.copyOf(linked), Map.copyOf(records),
                Set.copyOf(keys), Set.copyOf(processed), new java.util.concurrent.ConcurrentHashMap<>());
    }

    /** After the events' split: the links of the records the run made, 25 to a BatchWriteItem. */
    public void writeNewLinks(@Variable(KnownState.VARIABLE) KnownState known) {
        if (known == null || !known.defersLinks()) {
            return;
        }
        String now = java.time.Instant.now().toString();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        known.newLinks().forEach((calendarEventId, eventId) -> items.add(Map.of(
                "calendarEventId", AttributeValue.fromS(calendarEventId), "eventId", AttributeValue.fromS(eventId),
                "linkedAt", AttributeValue.fromS(now))));
        DynamoBatches.putAll(dynamo, links, items, "calendar links (the next cycle relinks them from the records)");
    }

    private List<Map<String, AttributeValue>> batchGet(String table, String keyName, Set<String> ids) {
        return DynamoBatches.getAll(dynamo, table, keyName, ids, true);
    }
}
