package com.jada.chartersync.deadletter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.config.CharterSyncProperties;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dead letters in DynamoDB ({@link DeadLetterTable}): the failing route, the reason, the original payload and when
 * it failed first and last. One entry per (event, calendar version, step): a repeated failure raises its occurrence
 * count instead of adding an entry; a later success of the same calendar event resolves it, and so does any
 * processing of a newer version of that event (the newer version carries its own failures). When the table cannot
 * be written, the entry goes to a local append-only journal ({@link DeadLetterJournal}) that later cycles drain into
 * the table: a failure is never lost with its dead-letter store. {@link DeadLetterRedrive} tries open entries again.
 */
@Component
public class DeadLetterStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterStore.class);
    private static final Set<String> RECORD_STEPS = Set.of("event-upsert", "event-record", "page-publish");

    private final DeadLetterTable table;
    private final DeadLetterJournal journal;
    private final RedrivePolicy policy;
    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();
    /** The unresolved entries, read from the table once (at start, or when first needed) and kept as they change. */
    private final Map<String, OpenLetter> open = new ConcurrentHashMap<>();
    private volatile boolean openLoaded;

    public DeadLetterStore(DynamoDbClient dynamo, CharterSyncProperties properties, RedrivePolicy policy,
                           @Value("${charter.dead-letters.journal:dead-letter-journal.jsonl}") String journalPath) {
        this.table = new DeadLetterTable(dynamo, properties.tables().deadLetters());
        this.journal = new DeadLetterJournal(java.nio.file.Path.of(journalPath));
        this.policy = policy;
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
        String reason = cause == null ? "unknown failure"
                : refused != null ? refused.getMessage() : DeadLetterPayloads.reason(cause);
        Object body = exchange.getMessage().getBody();
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);
        if (body instanceof SyncCycle failedCycle) {
            failedCycle.failed(routeId + ": " + reason);
            LOG.warn("Cycle {} failed in route {}: {}", failedCycle.id(), routeId, reason);
            return;
        }
        DeadLetterEntry entry = DeadLetterPayloads.entry(exchange, body, routeId, reason, cause, cycle, policy);
        String calendarEventId = entry.calendarEventId();
        boolean stored = write(entry);
        if (cycle != null) {
            if (calendarEventId != null) {
                List.of(calendarEventId.split(",")).forEach(cycle.events()::eventFailed);
            }
            if (stored) {
                cycle.deadLettered(routeId + ": " + reason);
            } else {
                cycle.failed(routeId + ": " + reason + " (dead letter could not be stored)");
            }
        }
        if (entry.calendarEtag() != null && calendarEventId != null) {
            supersede(Map.of(calendarEventId, entry.calendarEtag()));
        }
        LOG.warn("Dead letter {} from route {} (event {}): {}", entry.id(), routeId, entry.eventRef(), reason);
    }

    /** The table, or the journal when the table cannot be written; false only when neither took it. */
    private boolean write(DeadLetterEntry entry) {
        try {
            upsert(entry);
            return true;
        } catch (SdkException tableUnavailable) {
            LOG.warn("Dead-letter table {} not writable ({}); keeping {} in the local journal {}", table.name(),
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

    private void upsert(DeadLetterEntry e) {
        table.upsert(e);
        if (e.calendarEventId() != null) {
            // failing again keeps the entry's backoff (a redrive sets the next try after it)
            open.merge(e.id(), OpenLetter.of(e), (before, now) -> before.nextTryAt() == null || before.givenUp()
                    ? now.tried(before.attempts(), now.nextTryAt()) : before);
        }
    }

    /** Moves what the journal holds into the table; stops at the first entry the table still refuses. */
    public int drainJournal() {
        if (!journal.hasEntries()) {
            return 0;
        }
        int drained = journal.drain(line -> upsert(json.readValue(line, DeadLetterEntry.class)));
        if (drained > 0) {
            LOG.info("Moved {} dead letter(s) from the local journal into {}", drained, table.name());
        }
        return drained;
    }

    /**
     * Route {@code cycle-publish}, last: what failed before for the events this run finished is resolved, and so is
     * whatever older versions of the events this run processed failed with.
     */
    public void resolveCompleted(Exchange exchange) {
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);
        if (cycle != null) {
            resolve(cycle.events().verifiedEvents(), cycle.events().recordedCurrentEvents());
            supersede(cycle.events().processedVersions());
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
        for (OpenLetter letter : List.copyOf(open.values())) {
            List<String> events = letter.calendarEventIds();
            boolean recordStep = RECORD_STEPS.contains(letter.routeId());
            if (verified.containsAll(events) || recordStep && recordedCurrent.containsAll(events)) {
                markResolved(letter.id());
            }
        }
    }

    /** Resolves the entries of other versions of these events (calendar event id → version now processed). */
    public void supersede(Map<String, String> processedVersions) {
        if (processedVersions.isEmpty()) {
            return;
        }
        loadOpen();
        for (OpenLetter letter : List.copyOf(open.values())) {
            String now = letter.calendarEventIds().size() == 1 ? processedVersions.get(letter.calendarEventIds().get(0)) : null;
            if (now != null && letter.calendarEtag() != null && !now.equals(letter.calendarEtag())) {
                LOG.info("Dead letter {} is superseded by version {} of its event", letter.id(), now);
                markResolved(letter.id());
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
            for (Map<String, Object> letter : table.unresolved()) {
                OpenLetter o = OpenLetter.of(letter);
                if (o != null) {
                    open.putIfAbsent(o.id(), o);
                }
            }
            openLoaded = true;
        } catch (SdkException e) {
            LOG.warn("Open dead letters not read yet ({}); trying again after the next run", e.getMessage());
        }
    }

    public void markResolved(String id) {
        table.markResolved(id);
        open.remove(id);
    }

    /** A redrive of the entry failed again: counted, and its next try set (kept in memory if the table is down). */
    void recordAttempt(OpenLetter letter, int attempts, Instant nextTryAt, String reason) {
        open.computeIfPresent(letter.id(), (id, o) -> o.tried(attempts, nextTryAt));
        table.bestEffort(() -> table.recordAttempt(letter.id(), attempts, nextTryAt, reason), letter.id());
    }

    void giveUp(OpenLetter letter, String why) {
        open.computeIfPresent(letter.id(), (id, o) -> o.givingUp());
        LOG.warn("Dead letter {} given up: {}", letter.id(), why);
        table.bestEffort(() -> table.giveUp(letter.id(), why), letter.id());
    }

    /** The unresolved entries the runtime knows of (the table read once, then kept). */
    List<OpenLetter> open() {
        loadOpen();
        return List.copyOf(open.values());
    }

    boolean isOpen(String id) {
        OpenLetter letter = open.get(id);
        return letter != null && !letter.givenUp();
    }

    /** Open and given-up counts from memory, for health and the board; no call to the table after the first read. */
    public DeadLetterCounts counts() {
        return DeadLetterCounts.of(open(), journal.lines().size(), Instant.now());
    }

    /** Unresolved dead letters (open and given up), oldest first: the table's, then the local journal's. */
    public List<Map<String, Object>> list() {
        return listing().entries();
    }

    /** As {@link #list()}; when the table cannot be read, the journal's entries and the reason. */
    public DeadLetterListing listing() {
        List<Map<String, Object>> out = new ArrayList<>();
        String unreadable = null;
        try {
            out.addAll(table.unresolved());
        } catch (SdkException e) {
            unreadable = "dead-letter table " + table.name() + " cannot be read: " + DeadLetterPayloads.reason(e);
        }
        out.sort(Comparator.comparing(m -> String.valueOf(m.get("failedAt"))));
        out.addAll(DeadLetterPayloads.journaled(journal.lines()));
        return new DeadLetterListing(out, unreadable);
    }

    public Map<String, AttributeValue> get(String id) {
        return table.get(id);
    }
}
