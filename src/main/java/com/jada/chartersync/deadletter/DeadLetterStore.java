package com.jada.chartersync.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.sync.DynamoDbIdempotentRepository;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.ddb.Ddb2Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dead letters in DynamoDB (table {@code jada-dead-letters}): the failing route, the reason, the original
 * payload and the time, so an operator can read and replay them. Route {@code dead-letter} writes the item
 * this class prepares through Camel's aws2-ddb component.
 */
@Component
public class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final int MAX_PAYLOAD = 64_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final DynamoDbIdempotentRepository processed;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    public DeadLetterStore(DynamoDbClient dynamo, CharterSyncProperties properties, DynamoDbIdempotentRepository processed) {
        this.dynamo = dynamo;
        this.processed = processed;
        this.table = properties.tables().deadLetters();
    }

    /**
     * Turns the failed exchange into the dead-letter item (header {@code CamelAwsDdbItem}) and logs the reason.
     * A failure of the cycle itself sets no item: route {@code dead-letter} then stores nothing.
     */
    public void prepare(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        CalendarAuthorizationException refused = CalendarAuthorizationException.in(cause);
        // a refused authorization says what to do; anything else is told by its root cause
        String reason = cause == null ? "unknown failure" : refused != null ? refused.getMessage() : rootMessage(cause);
        Object body = exchange.getMessage().getBody();
        String id = deadLetterId(body);
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);

        if (body instanceof SyncCycle failedCycle) {
            // The cycle as a whole failed (e.g. the calendar stayed unreachable): nothing to replay but the next
            // cycle, which re-reads from the last saved cursor. It is reported on the cycle, not stored.
            failedCycle.failed((routeId == null ? "" : routeId + ": ") + reason);
            LOG.warn("Cycle {} failed in route {}: {}", failedCycle.id(), routeId, reason);
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(id));
        item.put("failedAt", AttributeValue.fromS(Instant.now().toString()));
        item.put("routeId", AttributeValue.fromS(routeId == null ? "unknown" : routeId));
        item.put("reason", AttributeValue.fromS(reason));
        item.put("exception", AttributeValue.fromS(cause == null ? "" : cause.getClass().getName()));
        item.put("payloadType", AttributeValue.fromS(body == null ? "none" : body.getClass().getSimpleName()));
        item.put("payload", AttributeValue.fromS(truncate(serialize(body))));
        if (cycle != null) {
            item.put("cycleId", AttributeValue.fromS(cycle.id()));
            cycle.deadLettered((routeId == null ? "" : routeId + ": ") + reason);
        }
        String eventRef = eventReference(exchange, body);
        if (eventRef != null) {
            item.put("eventRef", AttributeValue.fromS(eventRef));
        }
        forgetProcessed(body);
        LOG.warn("Dead letter {} from route {} ({}): {}", id, routeId, eventRef, reason);
        exchange.getMessage().setHeader(Ddb2Constants.ITEM, item);
    }

    /** A failed event version must not count as processed, or neither replay nor the next cycle would retry it. */
    private void forgetProcessed(Object body) {
        String key = null;
        if (body instanceof com.google.api.services.calendar.model.Event event) {
            key = DynamoDbIdempotentRepository.key(event.getId(), event.getEtag());
        } else if (body instanceof com.jada.chartersync.cycle.PublishedPage page && page.calendarEventId() != null) {
            key = DynamoDbIdempotentRepository.key(page.calendarEventId(), page.calendarEtag());
        }
        if (key != null) {
            processed.remove(key);
        }
    }

    /**
     * A calendar event version that fails keeps one dead letter, however many cycles meet it again; anything
     * else gets its own entry.
     */
    static String deadLetterId(Object body) {
        if (body instanceof com.google.api.services.calendar.model.Event event && event.getId() != null) {
            String etag = event.getEtag() == null ? "" : event.getEtag().replaceAll("[^A-Za-z0-9]", "");
            return "calendar-" + event.getId() + "-" + etag;
        }
        return Instant.now().toString().substring(0, 19).replace(":", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table)).items().forEach(item -> out.add(plain(item)));
        out.sort(Comparator.comparing(m -> String.valueOf(m.get("failedAt"))));
        return out;
    }

    public Map<String, AttributeValue> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("id", AttributeValue.fromS(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    public void delete(String id) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(id))));
    }

    static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (String k : List.of("id", "failedAt", "routeId", "reason", "exception", "eventRef", "cycleId", "payloadType", "payload")) {
            if (item.containsKey(k)) {
                m.put(k, item.get(k).s());
            }
        }
        return m;
    }

    private String serialize(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof GenericJson google) {
            try {
                return GsonFactory.getDefaultInstance().toString(google);
            } catch (IOException e) {
                return String.valueOf(body);
            }
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private static String eventReference(Exchange exchange, Object body) {
        if (body instanceof com.google.api.services.calendar.model.Event event) {
            return "calendar:" + event.getId();
        }
        if (body instanceof com.jada.chartersync.cycle.PublishedPage page) {
            return page.eventId();
        }
        return exchange.getProperty("eventId", String.class);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root.getMessage() + ")";
        return msg.length() > 2000 ? msg.substring(0, 2000) : msg;
    }

    private static String truncate(String s) {
        return s.length() > MAX_PAYLOAD ? s.substring(0, MAX_PAYLOAD) : s;
    }
}
