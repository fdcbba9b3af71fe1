package com.jada.chartersync.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Dead letters in DynamoDB (table {@code jada-dead-letters}): the failing route, the reason, the original payload
 * and when it failed first and last, so an operator can read and replay them. One entry per (event, calendar
 * version, step): a repeated failure or a failed replay raises its occurrence count instead of adding an entry;
 * a later success of the same calendar event resolves it, and only unresolved entries are listed. When the table
 * cannot be written, the entry goes to a local append-only journal ({@link DeadLetterJournal}) that is drained
 * into the table later: a failure is never lost with its dead-letter store.
 */
@Component
public class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final int MAX_PAYLOAD = 64_000;
    static final String UNRESOLVED = "unresolved";
    static final String RESOLVED = "resolved";
    private static final Set<String> RECORD_STEPS = Set.of("event-upsert", "event-record", "page-publish");

    private final DynamoDbClient dynamo;
    private final String table;
    private final DeadLetterJournal journal;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    /**
     * The open entries' ids with their calendar events and steps, read from the table once (at start, or when first
     * needed) and kept as entries are stored and resolved: resolving after a run costs no read.
     */
    private final Map<String, Open> open = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean openLoaded;

    private record Open(List<String> calendarEventIds, String routeId) {
    }

    public DeadLetterStore(DynamoDbClient dynamo, CharterSyncProperties properties,
                           @Value("${charter.dead-letters.journal:dead-letter-journal.jsonl}") String journalPath) {
        this.dynamo = dynamo;
        this.table = properties.tables().deadLetters();
        this.journal = new DeadLetterJournal(java.nio.file.Path.of(journalPath));
    }

    /**
     * Route {@code dead-letter}: stores what failed, once per (event, version, step). A failure of the cycle
     * itself is only reported on the cycle: the next cycle re-reads from the last saved cursor.
     */
    public void store(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String routeId = exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class);
        routeId = routeId == null ? "unknown" : routeId;
        CalendarAuthorizationException refused = CalendarAuthorizationException.in(cause);
        // a refused authorization says what to do; anything else is told by its root cause
        String reason = cause == null ? "unknown failure" : refused != null ? refused.getMessage() : rootMessage(cause);
        Object body = exchange.getMessage().getBody();
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);

        if (body instanceof SyncCycle failedCycle) {
            failedCycle.failed(routeId + ": " + reason);
            LOG.warn("Cycle {} failed in route {}: {}", failedCycle.id(), routeId, reason);
            return;
        }
        String payload = truncate(serialize(body));
        String calendarEventId = calendarEventId(body);
        String eventRef = eventReference(exchange, body);
        Entry entry = new Entry(entryId(body, routeId, payload), routeId, reason,
                cause == null ? "" : cause.getClass().getName(), payloadType(body), payload, calendarEventId, eventRef,
                cycle == null ? null : cycle.id(), Instant.now());
        boolean stored = write(entry);
        if (cycle != null) {
            if (calendarEventId != null) {
                List.of(calendarEventId.split(",")).forEach(cycle::eventFailed);
            }
            if (stored) {
                cycle.deadLettered(routeId + ": " + reason);
            } else {
                cycle.failed(routeId + ": " + reason + " (dead letter could not be stored)");
            }
        }
        LOG.warn("Dead letter {} from route {} (event {}): {}", entry.id(), routeId, eventRef, reason);
    }

    /** The table, or the journal when the table cannot be written; false only when neither took it. */
    private boolean write(Entry entry) {
        try {
            upsert(entry);
            return true;
        } catch (SdkException tableUnavailable) {
            LOG.warn("Dead-letter table {} not writable ({}); keeping {} in the local journal {}", table,
                    tableUnavailable.getMessage(), entry.id(), journal.path());
            try {
                journal.append(json.writeValueAsString(entry));
                return true;
            } catch (IOException e) {
                LOG.error("Dead letter {} could not be stored anywhere: {}", entry.id(), entry.reason(), e);
                return false;
            }
        }
    }

    private void upsert(Entry e) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", s(e.at().toString()));
        values.put(":route", s(e.routeId()));
        values.put(":reason", s(e.reason()));
        values.put(":exception", s(e.exception()));
        values.put(":type", s(e.payloadType()));
        values.put(":payload", s(e.payload()));
        values.put(":status", s(UNRESOLVED));
        values.put(":one", AttributeValue.fromN("1"));
        StringBuilder set = new StringBuilder("SET failedAt = if_not_exists(failedAt, :now), lastSeenAt = :now, "
                + "routeId = :route, reason = :reason, #exc = :exception, payloadType = :type, payload = :payload, "
                + "#st = :status");
        for (var optional : Map.of("calendarEventId", nullToEmpty(e.calendarEventId()), "eventRef", nullToEmpty(e.eventRef()),
                "cycleId", nullToEmpty(e.cycleId())).entrySet()) {
            if (!optional.getValue().isEmpty()) {
                values.put(":" + optional.getKey(), s(optional.getValue()));
                set.append(", ").append(optional.getKey()).append(" = :").append(optional.getKey());
            }
        }
        dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(e.id())))
                .updateExpression(set + " ADD occurrences :one REMOVE resolvedAt")
                .expressionAttributeNames(Map.of("#exc", "exception", "#st", "status"))
                .expressionAttributeValues(values));
        if (e.calendarEventId() != null) {
            open.put(e.id(), new Open(List.of(e.calendarEventId().split(",")), e.routeId()));
        }
    }

    /** Moves what the journal holds into the table; stops at the first entry the table still refuses. */
    public int drainJournal() {
        if (!journal.hasEntries()) {
            return 0;
        }
        int drained = journal.drain(line -> upsert(json.readValue(line, Entry.class)));
        if (drained > 0) {
            LOG.info("Moved {} dead letter(s) from the local journal into {}", drained, table);
        }
        return drained;
    }

    /** Route {@code cycle-publish}, last: what failed before for the events this run finished is resolved. */
    public void resolveCompleted(Exchange exchange) {
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);
        if (cycle != null) {
            resolve(cycle.verifiedEvents(), cycle.recordedCurrentEvents());
        }
    }

    /**
     * Resolves the open dead letters of calendar events that are now verified in every layer, and those of the
     * record and page steps of events whose record and page are now current.
     */
    public void resolve(Set<String> verified, Set<String> recordedCurrent) {
        if (verified.isEmpty() && recordedCurrent.isEmpty()) {
            return;
        }
        loadOpen();
        for (Map.Entry<String, Open> letter : List.copyOf(open.entrySet())) {
            List<String> events = letter.getValue().calendarEventIds();
            boolean recordStep = RECORD_STEPS.contains(letter.getValue().routeId());
            if (verified.containsAll(events) || recordStep && recordedCurrent.containsAll(events)) {
                markResolved(letter.getKey());
            }
        }
    }

    /** Reads the open entries once; a failure leaves it to the next run. */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public void loadOpen() {
        if (openLoaded) {
            return;
        }
        try {
            for (Map<String, Object> letter : list()) {
                Object ids = letter.get("calendarEventId");
                if (ids != null && letter.get("journaled") == null) {
                    open.put(String.valueOf(letter.get("id")),
                            new Open(List.of(ids.toString().split(",")), String.valueOf(letter.get("routeId"))));
                }
            }
            openLoaded = true;
        } catch (SdkException e) {
            LOG.warn("Open dead letters not read yet ({}); trying again after the next run", e.getMessage());
        }
    }

    public void markResolved(String id) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("id", s(id)))
                    .updateExpression("SET #st = :resolved, resolvedAt = :now")
                    .conditionExpression("attribute_exists(id)")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":resolved", s(RESOLVED), ":now", s(Instant.now().toString()))));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException gone) {
            LOG.debug("Dead letter {} is no longer in the table", id);
        }
        open.remove(id);
    }

    /** Unresolved dead letters, oldest first: the table's, then any still waiting in the local journal. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table)).items().stream()
                .filter(item -> item.get("status") == null || !RESOLVED.equals(item.get("status").s()))
                .forEach(item -> out.add(plain(item)));
        out.sort(Comparator.comparing(m -> String.valueOf(m.get("failedAt"))));
        for (String line : journal.lines()) {
            try {
                Entry e = json.readValue(line, Entry.class);
                Map<String, Object> m = e.view();
                m.put("journaled", true);
                out.add(m);
            } catch (IOException unreadable) {
                LOG.warn("Unreadable line in the dead-letter journal {}", journal.path());
            }
        }
        return out;
    }

    public Map<String, AttributeValue> get(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("id", s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("id", "failedAt", "lastSeenAt", "routeId", "reason", "exception", "eventRef",
                "calendarEventId", "cycleId", "payloadType", "payload", "status")) {
            if (item.containsKey(k)) {
                m.put(k, item.get(k).s());
            }
        }
        if (item.containsKey("occurrences")) {
            m.put("occurrences", Integer.parseInt(item.get("occurrences").n()));
        }
        return m;
    }

    /** The event a dead letter belongs to, as the board and the API name it. */
    private static String eventReference(Exchange exchange, Object body) {
        if (body instanceof Event event) {
            return "calendar:" + event.getId();
        }
        if (body instanceof PublishedPage page) {
            return page.eventId();
        }
        return exchange.getVariable("eventId", String.class);
    }

    /**
     * One entry per (calendar event version, step), however many cycles or replays meet the same failure; a
     * payload with no event (a list of events) is keyed by its content and step.
     */
    static String entryId(Object body, String routeId, String payload) {
        if (body instanceof Event event && event.getId() != null) {
            return "calendar-" + event.getId() + "-" + clean(event.getEtag()) + "-" + routeId;
        }
        if (body instanceof PublishedPage page && page.eventId() != null) {
            return "page-" + page.eventId() + "-" + clean(page.calendarEtag()) + "-" + routeId;
        }
        if (payload != null && !payload.isEmpty()) {
            return "payload-" + sha256(payload).substring(0, 16) + "-" + routeId;
        }
        return Instant.now().toString().substring(0, 19).replace(":", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String payloadType(Object body) {
        if (body == null) {
            return "none";
        }
        if (body instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Event.class::isInstance)) {
            return "EventList";
        }
        return body.getClass().getSimpleName();
    }

    /** The calendar event the failure belongs to; for a list of events, their ids joined by commas. */
    private static String calendarEventId(Object body) {
        if (body instanceof Event event) {
            return event.getId();
        }
        if ("EventList".equals(payloadType(body))) {
            return String.join(",", ((List<?>) body).stream().map(e -> ((Event) e).getId()).toList());
        }
        if (body instanceof PublishedPage page) {
            return page.calendarEventId();
        }
        return null;
    }

    private String serialize(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof GenericJson google) {
            return google(google);
        }
        if (body instanceof List<?> list && "EventList".equals(payloadType(body))) {
            return "[" + String.join(",", list.stream().map(e -> google((GenericJson) e)).toList()) + "]";
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private static String google(GenericJson value) {
        try {
            return GsonFactory.getDefaultInstance().toString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root.getMessage() + ")";
        return msg.length() > 2000 ? msg.substring(0, 2000) : msg;
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String s) {
        return s.length() > MAX_PAYLOAD ? s.substring(0, MAX_PAYLOAD) : s;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    /** One dead letter as stored (and as the journal keeps it while the table is unavailable). */
    public record Entry(String id, String routeId, String reason, String exception, String payloadType, String payload,
                        String calendarEventId, String eventRef, String cycleId, Instant at) {

        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("failedAt", at.toString());
            m.put("lastSeenAt", at.toString());
            m.put("routeId", routeId);
            m.put("reason", reason);
            m.put("exception", exception);
            if (eventRef != null) {
                m.put("eventRef", eventRef);
            }
            if (calendarEventId != null) {
                m.put("calendarEventId", calendarEventId);
            }
            m.put("payloadType", payloadType);
            m.put("payload", payload);
            m.put("status", UNRESOLVED);
            m.put("occurrences", 1);
            return m;
        }
    }
}
