package com.jada.chartersync.sync;

import com.jada.chartersync.config.AwsClientsConfiguration;
import com.jada.chartersync.config.CharterSyncProperties;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Cycles asked of a replica that does not lead (a calendar notification that reached it, an operator's full sync or
 * reconcile), left for the leader as one item in the sync-state table: the leader looks at it every few seconds
 * (route {@code cycle-requests}) and runs what was asked since it last looked. A request made while none leads waits
 * for the next leader. The item holds when the last request of each kind was made and when the leader took it up,
 * so a request made during the leader's cycle is still there afterwards.
 */
@Component
public class CycleRequests {

    static final String ITEM = "cycle-request";

    /** What is waiting: an incremental cycle, a reconcile, or both; the times read, to mark them taken up. */
    public record Pending(long requestedAt, long reconcileRequestedAt, String trigger, boolean cycle, boolean reconcile) {
    }

    private final DynamoDbClient dynamo;
    private final String table;

    public CycleRequests(AwsClientsConfiguration clients, CharterSyncProperties properties) {
        // outside the call counts: the leader's look every few seconds is no part of any cycle's figures
        this.dynamo = clients.uncountedDynamoDbClient(Duration.ofSeconds(5));
        this.table = properties.tables().syncState();
    }

    /** Leaves a request for the leader; {@code trigger} names who asked (push, api, board). */
    public void request(String trigger, boolean reconcile, String replica) {
        String now = Long.toString(System.currentTimeMillis());
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", AttributeValue.fromN(now),
                ":trigger", AttributeValue.fromS(trigger), ":by", AttributeValue.fromS(replica)));
        String update = "SET requestedAt = :now, lastTrigger = :trigger, requestedBy = :by"
                + (reconcile ? ", reconcileRequestedAt = :now" : "");
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("name", AttributeValue.fromS(ITEM)))
                .updateExpression(update).expressionAttributeValues(values));
    }

    /** The requests not yet taken up, or null when there are none. */
    public Pending pending() {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("name", AttributeValue.fromS(ITEM))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        long requested = number(item, "requestedAt");
        long reconcileRequested = number(item, "reconcileRequestedAt");
        boolean cycle = requested > number(item, "handledAt");
        boolean reconcile = reconcileRequested > number(item, "reconcileHandledAt");
        if (!cycle && !reconcile) {
            return null;
        }
        AttributeValue trigger = item.get("lastTrigger");
        return new Pending(requested, reconcileRequested, trigger == null ? "request" : trigger.s(), cycle, reconcile);
    }

    /** Marks what {@code pending} held as taken up; a request made since stays pending. */
    public void handled(Pending pending) {
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("name", AttributeValue.fromS(ITEM)))
                .updateExpression("SET handledAt = :c, reconcileHandledAt = :r")
                .expressionAttributeValues(Map.of(":c", AttributeValue.fromN(Long.toString(pending.requestedAt())),
                        ":r", AttributeValue.fromN(Long.toString(pending.reconcileRequestedAt())))));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    @PreDestroy
    void close() {
        dynamo.close();
    }
}
