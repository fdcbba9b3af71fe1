package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.charter.Slugs;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.waiver.WaiverCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Writes charter records to {@code jada-events}: the seven contract attributes exactly, plus the runtime's own.
 *
 * <p>Identity: a calendar event is linked to its {@code eventId} once (table {@code jada-calendar-links}); a
 * hand-made record of the same date and guest that no calendar event owns is adopted instead of creating a
 * second one. Updates touch only attributes the runtime owns; {@code waiverStatus} is only ever set when absent,
 * so the waiver system's data survives any crew change, even one racing a signature.
 */
@Component
public class EventRecordStore {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecordStore.class);
    private static final int MAX_ID_ATTEMPTS = 6;

    private final DynamoDbClient dynamo;
    private final String events;
    private final String links;
    private final RebuiltRecords rebuilds;

    public EventRecordStore(DynamoDbClient dynamo, CharterSyncProperties properties, RebuiltRecords rebuilds) {
        this.dynamo = dynamo;
        this.rebuilds = rebuilds;
        this.events = properties.tables().events();
        this.links = properties.tables().links();
    }

    /** Brings the record in line with the calendar event; writes nothing when it already is. */
    public EventRecord upsert(CharterEvent event) {
        return upsert(event, null, KnownState.NONE);
    }

    /**
     * As {@link #upsert(CharterEvent)}, looking for hand-made records in {@code unowned} (one scan per cycle, see
     * {@link #identities()}, asked only when the event is new) and taking links and records from {@code known}
     * (read in batches at the cycle's start) where it has them.
     */
    public EventRecord upsert(CharterEvent event, Supplier<Map<String, List<CharterRecord>>> unowned,
                              KnownState known) {
        // outside a cycle: at most one scan of who owns what, shared by adoption and re-linking
        Supplier<Identities> once = org.springframework.util.function.SingletonSupplier.of(this::identities);
        return upsert(event, unowned != null ? unowned : () -> once.get().unownedByDate(), () -> once.get().owners(), known);
    }

    /** As above; {@code owners} (calendar event id → record id, one scan) is asked only when a link is missing. */
    public EventRecord upsert(CharterEvent event, Supplier<Map<String, List<CharterRecord>>> unowned,
                              Supplier<Map<String, String>> owners, KnownState known) {
        Optional<String> linked = linkedId(event.calendarEventId(), known);
        if (linked.isEmpty()) {
            // The link may be lost (the links table emptied or restored from an old backup): the records say which
            // calendar event each belongs to, so identity is rebuilt from them instead of making a second record.
            linked = relink(event.calendarEventId(), owners);
        }
        if (linked.isPresent()) {
            CharterRecord current = record(linked.get(), known);
            if (current != null && event.calendarEtag() != null && event.calendarEtag().equals(current.calendarEtag())) {
                return new EventRecord(current, false, !current.publishedCurrentVersion());
            }
            if (current == null) {
                // Linked, but the record was removed by hand or lost: made again under the same id, as it was
                return new EventRecord(rebuilds.withWaivers(write(linked.get(), event, Claim.NEW)), true, true);
            }
            return new EventRecord(writeOwned(linked.get(), event, current), true, true);
        }
        Optional<String> adoptable = findAdoptable(event, unowned);
        if (adoptable.isPresent()) {
            try {
                CharterRecord item = write(adoptable.get(), event, Claim.ADOPT);
                link(event.calendarEventId(), adoptable.get(), known);
                LOG.info("Adopted hand-made record {} for calendar event {}", adoptable.get(), event.calendarEventId());
                return new EventRecord(item, true, true);
            } catch (ConditionalCheckFailedException raced) {
                LOG.info("Record {} was adopted by another event meanwhile; assigning a new id", adoptable.get());
            }
        }
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            String candidate = EventIds.candidate(event, attempt);
            try {
                CharterRecord item = write(candidate, event, Claim.NEW);
                String winner = link(event.calendarEventId(), candidate, known);
                if (!winner.equals(candidate)) {
                    // Another replica linked this calendar event first: keep its id, leave ours unused.
                    LOG.warn("Calendar event {} was linked to {} concurrently; record {} is unused",
                            event.calendarEventId(), winner, candidate);
                    return new EventRecord(get(winner), false, true);
                }
                return new EventRecord(item, true, true);
            } catch (ConditionalCheckFailedException taken) {
                LOG.debug("eventId {} is taken, trying the next slot", candidate);
            }
        }
        throw new IllegalStateException("No free eventId for calendar event " + event.calendarEventId()
                + " after " + MAX_ID_ATTEMPTS + " attempts (" + EventIds.baseId(event) + "...)");
    }

    /**
     * The calendar event was cancelled or deleted: the record stays (waivers may point at it) and is marked
     * {@code cancelled}. Answers null when no record was ever made for the event.
     */
    public EventRecord cancel(CharterEvent event) {
        return cancel(event, KnownState.NONE, this::ownersByCalendarEvent);
    }

    /**
     * As above, taking the link and the record from {@code known} where it has them; {@code owners} is asked
     * only when the link is missing.
     */
    public EventRecord cancel(CharterEvent event, KnownState known, Supplier<Map<String, String>> owners) {
        Optional<String> found = linkedId(event.calendarEventId(), known);
        Optional<String> linked = found.isPresent() ? found : relink(event.calendarEventId(), owners);
        CharterRecord current = linked.map(id -> record(id, known)).orElse(null);
        boolean rebuilt = false;
        if (current == null && linked.isPresent() && event.date() != null && event.guestName() != null) {
            // linked, but the record is gone (the events table lost): rebuilt under its id, so its page keeps a record
            LOG.warn("Record {} of calendar event {} was missing; rebuilding it", linked.get(), event.calendarEventId());
            current = rebuilds.withWaivers(write(linked.get(), event, Claim.NEW));
            rebuilt = true;
        }
        if (current == null) {
            return null;
        }
        if (!rebuilt && event.calendarEtag() != null && event.calendarEtag().equals(current.calendarEtag())) {
            return new EventRecord(current, false, !current.publishedCurrentVersion());
        }
        Map<String, String> names = Map.of("#status", "status", "#etag", "calendarEtag", "#upd", "calendarUpdated",
                "#sync", "lastSyncAt", "#version", "version", "#cid", "calendarEventId");
        Map<String, AttributeValue> values = Map.of(":cancelled", str("cancelled"),
                ":etag", str(event.calendarEtag() == null ? "" : event.calendarEtag()),
                ":upd", str(event.calendarUpdated() == null ? "" : event.calendarUpdated()),
                ":sync", str(Instant.now().toString()), ":zero", AttributeValue.fromN("0"),
                ":one", AttributeValue.fromN("1"), ":cid", str(event.calendarEventId()));
        Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(events)
                .key(Map.of("eventId", str(linked.get())))
                .updateExpression("SET #status = :cancelled, #etag = :etag, #upd = :upd, #sync = :sync, "
                        + "#version = if_not_exists(#version, :zero) + :one")
                .conditionExpression("#cid = :cid")
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        LOG.info("Record {} marked cancelled (calendar event {})", linked.get(), event.calendarEventId());
        return new EventRecord(CharterRecordMapper.fromItem(item), true, true);
    }

    /**
     * Records what was published and verified for the calendar version the page was rendered from, and, when the
     * waiver system was asked, what it answered or why it failed: each layer's state stands on its own, so a waiver
     * outage leaves the page's hash, S3 ETag and edge verification recorded.
     */
    public void recordPublication(String eventId, String calendarEtag, String pageHash, String s3ETag,
                                  String invalidationId, CharterRecord.PageCheck check, WaiverCheck waiver) {
        Map<String, String> names = new HashMap<>(Map.of("#ph", "pageHash", "#pe", "publishedEtag", "#vr", "verification", "#va", "verifiedAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":ph", str(pageHash), ":pe", str(calendarEtag),
                ":vr", str(check.stored()), ":va", str(Instant.now().toString())));
        StringBuilder update = new StringBuilder("SET #ph = :ph, #pe = :pe, #vr = :vr, #va = :va");
        // what this run did not compute (a replay that made no upload or invalidation) keeps its stored value
        for (String[] computed : new String[][]{{"s3ETag", s3ETag}, {"invalidationId", invalidationId}}) {
            if (computed[1] != null) {
                values.put(":" + computed[0], str(computed[1]));
                update.append(", ").append(name(names, computed[0])).append(" = :").append(computed[0]);
            }
        }
        if (waiver != null) {
            names.put("#wc", "waiverCheck");
            names.put("#wa", "waiverCheckedAt");
            names.put("#wr", "waiverReason");
            values.put(":wc", str((waiver.ok() ? CharterRecord.WaiverCheckResult.OK : CharterRecord.WaiverCheckResult.FAILED).stored()));
            values.put(":wa", str(waiver.checkedAt().toString()));
            update.append(", #wc = :wc, #wa = :wa");
            if (waiver.ok()) {
                update.append(" REMOVE #wr");
            } else {
                values.put(":wr", str(waiver.reason() == null ? "unknown" : waiver.reason()));
                update.append(", #wr = :wr");
            }
        }
        dynamo.updateItem(b -> b.tableName(events).key(Map.of("eventId", str(eventId)))
                .updateExpression(update.toString())
                .conditionExpression("attribute_exists(eventId)")
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /** The record, read consistently; null when there is none. */
    public CharterRecord get(String eventId) {
        return CharterRecordMapper.fromItem(item(eventId));
    }

    /** The item exactly as DynamoDB holds it (for checks of the stored layout); null when there is none. */
    public Map<String, AttributeValue> item(String eventId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(events)
                .key(Map.of("eventId", str(eventId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** Every record, read with a paged Scan (the status board's one read of the dispatch tier). */
    public List<CharterRecord> all() {
        List<CharterRecord> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(events)).items().forEach(item -> out.add(CharterRecordMapper.fromItem(item)));
        return out;
    }

    /** Finds the record a calendar event owns when its link is missing, and links it again. */
    private Optional<String> relink(String calendarEventId, Supplier<Map<String, String>> owners) {
        String owned = owners.get().get(calendarEventId);
        if (owned == null) {
            return Optional.empty();
        }
        String winner = link(calendarEventId, owned);
        LOG.warn("Calendar event {} had no link; linked it again to its record {}", calendarEventId, winner);
        return Optional.of(winner);
    }

    /** Which record each calendar event owns, from the records themselves. */
    public Map<String, String> ownersByCalendarEvent() {
        return identities().owners();
    }

    /**
     * Who owns which record, from one paged scan: the hand-made records no calendar event owns yet (by date, for
     * adoption) and the calendar event each other record belongs to (to rebuild a lost link). A cycle reads it at
     * most once, and only when an event has no link.
     */
    public Identities identities() {
        Map<String, List<CharterRecord>> unowned = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, String> owners = new java.util.concurrent.ConcurrentHashMap<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(events).consistentRead(true)
                .projectionExpression("#eid, #cid, #date, #guest").expressionAttributeNames(Map.of("#eid", "eventId",
                        "#cid", "calendarEventId", "#date", "eventDate", "#guest", "guestName"))).items()) {
            if (item.containsKey("calendarEventId")) {
                owners.put(item.get("calendarEventId").s(), item.get("eventId").s());
            } else if (item.containsKey("eventDate")) {
                unowned.computeIfAbsent(item.get("eventDate").s(), d -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(CharterRecordMapper.fromItem(item));
            }
        }
        return new Identities(unowned, owners);
    }

    /** A fresh per-run holder of {@link #identities()}, scanned on first use (route {@code cycle-publish}). */
    public RecordOwnership ownership() {
        return new RecordOwnership(this);
    }

    /** See {@link #identities()}. */
    public record Identities(Map<String, List<CharterRecord>> unownedByDate, Map<String, String> owners) {
    }

    /**
     * The records of one day (the dock manifest's read of the dispatch tier): one paged Scan filtered on
     * {@code eventDate}, consistent, so a charter just written is on it.
     */
    public List<CharterRecord> onDate(java.time.LocalDate date) {
        List<CharterRecord> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(events).consistentRead(true).filterExpression("eventDate = :d")
                .expressionAttributeValues(Map.of(":d", str(date.toString())))).items()
                .forEach(item -> out.add(CharterRecordMapper.fromItem(item)));
        return out;
    }

    private Optional<String> linkedId(String calendarEventId, KnownState known) {
        if (known.knowsLink(calendarEventId)) {
            return Optional.ofNullable(known.links().get(calendarEventId));
        }
        return linkedId(calendarEventId);
    }

    private CharterRecord record(String eventId, KnownState known) {
        CharterRecord record = known.record(eventId);
        return record != null ? record : get(eventId);
    }

    public Optional<String> linkedId(String calendarEventId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(links)
                .key(Map.of("calendarEventId", str(calendarEventId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("eventId").s());
    }

    private enum Claim { OWNED, ADOPT, NEW }

    /**
     * Optimistic update of a record this calendar event owns: it applies only if nobody else (another replica)
     * wrote the record since it was read ({@code version}); on a conflict the record is read again and the
     * write retried, unless the record meanwhile reflects this calendar version already.
     */
    private CharterRecord writeOwned(String eventId, CharterEvent e, CharterRecord current) {
        CharterRecord seen = current;
        for (int attempt = 1; ; attempt++) {
            try {
                return write(eventId, e, Claim.OWNED,
                        seen.version() == null ? null : AttributeValue.fromN(seen.version().toString()));
            } catch (ConditionalCheckFailedException conflict) {
                if (attempt >= MAX_ID_ATTEMPTS) {
                    throw conflict;
                }
                seen = get(eventId);
                if (seen == null) {
                    return rebuilds.withWaivers(write(eventId, e, Claim.NEW));
                }
                LOG.info("Record {} changed while being written (attempt {}); retrying", eventId, attempt);
                if (e.calendarEtag() != null && e.calendarEtag().equals(seen.calendarEtag())) {
                    return seen;
                }
            }
        }
    }

    private CharterRecord write(String eventId, CharterEvent e, Claim claim) {
        return write(eventId, e, claim, null);
    }

    private CharterRecord write(String eventId, CharterEvent e, Claim claim, AttributeValue expectedVersion) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String now = Instant.now().toString();

        setAttr(set, names, values, "eventDate", str(e.date().toString()));
        setAttr(set, names, values, "eventType", str(e.eventType()));
        setAttr(set, names, values, "guestName", str(e.guestName()));
        setAttr(set, names, values, "crew", AttributeValue.fromL(e.crew().stream().map(EventRecordStore::str).toList()));
        setAttr(set, names, values, "calendarEventId", str(e.calendarEventId()));
        setAttr(set, names, values, "calendarEtag", str(e.calendarEtag() == null ? "" : e.calendarEtag()));
        setAttr(set, names, values, "calendarUpdated", str(e.calendarUpdated() == null ? "" : e.calendarUpdated()));
        setAttr(set, names, values, "status", str("scheduled"));
        setAttr(set, names, values, "lastSyncAt", str(now));
        if (e.arrival() != null) {
            setAttr(set, names, values, "arriveBy", str(e.arrival().arriveBy()));
            setAttr(set, names, values, "arrival", str(e.arrival().text()));
        } else {
            remove.add(name(names, "arriveBy"));
            remove.add(name(names, "arrival"));
        }
        if (e.startTime() != null) {
            setAttr(set, names, values, "startTime", str(e.startTime().toString()));
        }
        if (e.partySize() != null) {
            setAttr(set, names, values, "partySize", AttributeValue.fromN(e.partySize().toString()));
        } else {
            remove.add(name(names, "partySize"));
        }
        setAttr(set, names, values, "minors", AttributeValue.fromL(e.minors().stream()
                .map(m -> CharterRecordMapper.minor(new CharterRecord.Minor(m.name(), m.age()))).toList()));
        // Owned by others or fixed for life: only set when absent.
        setIfAbsent(set, names, values, "waiverStatus", str("pending"));
        setIfAbsent(set, names, values, "pageKey", str(EventIds.pageKey(eventId, e)));
        setIfAbsent(set, names, values, "photoCode", str(rebuilds.photoCode(eventId)));
        names.put("#version", "version");
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":one", AttributeValue.fromN("1"));
        set.add("#version = if_not_exists(#version, :zero) + :one");

        names.put("#cid", "calendarEventId");
        if (claim != Claim.OWNED) {
            names.put("#eid", "eventId");
        }
        if (expectedVersion != null) {
            values.put(":expectedVersion", expectedVersion);
        }
        String condition = switch (claim) {
            case OWNED -> expectedVersion == null
                    ? "#cid = :calendarEventId AND attribute_not_exists(#version)"
                    : "#cid = :calendarEventId AND #version = :expectedVersion";
            case ADOPT -> "attribute_exists(#eid) AND (attribute_not_exists(#cid) OR #cid = :calendarEventId)";
            case NEW -> "attribute_not_exists(#eid) OR #cid = :calendarEventId";
        };
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return CharterRecordMapper.fromItem(dynamo.updateItem(b -> b.tableName(events).key(Map.of("eventId", str(eventId)))
                .updateExpression(update).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)).attributes());
    }

    /** As below, or left to the cycle's batch of new links ({@link KnownState#defersLinks()}). */
    private String link(String calendarEventId, String eventId, KnownState known) {
        if (known.defersLinks()) {
            known.newLinks().put(calendarEventId, eventId);
            return eventId;
        }
        return link(calendarEventId, eventId);
    }

    /** Links the calendar event to the id; answers the id it is linked to (another replica may have won). */
    private String link(String calendarEventId, String eventId) {
        try {
            dynamo.putItem(b -> b.tableName(links)
                    .item(Map.of("calendarEventId", str(calendarEventId), "eventId", str(eventId),
                            "linkedAt", str(Instant.now().toString())))
                    .conditionExpression("attribute_not_exists(calendarEventId)"));
            return eventId;
        } catch (ConditionalCheckFailedException exists) {
            return linkedId(calendarEventId).orElseThrow();
        }
    }

    /** The seed's "scan before create": a record of the same date and guest that no calendar event owns. */
    private Optional<String> findAdoptable(CharterEvent e, Supplier<Map<String, List<CharterRecord>>> unowned) {
        String slug = Slugs.slug(e.guestName());
        List<CharterRecord> sameDay = unowned.get().getOrDefault(e.date().toString(), List.of());
        synchronized (sameDay) {
            for (CharterRecord record : sameDay) {
                if (record.guestName() != null && Slugs.slug(record.guestName()).equals(slug)) {
                    sameDay.remove(record);
                    return Optional.of(record.eventId());
                }
            }
        }
        return Optional.empty();
    }

    private static void setAttr(List<String> set, Map<String, String> names, Map<String, AttributeValue> values,
                                String attr, AttributeValue value) {
        values.put(":" + attr, value);
        set.add(name(names, attr) + " = :" + attr);
    }

    private static void setIfAbsent(List<String> set, Map<String, String> names, Map<String, AttributeValue> values,
                                    String attr, AttributeValue value) {
        values.put(":" + attr, value);
        String n = name(names, attr);
        set.add(n + " = if_not_exists(" + n + ", :" + attr + ")");
    }

    private static String name(Map<String, String> names, String attr) {
        names.put("#" + attr, attr);
        return "#" + attr;
    }

    static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }
}
