package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.waiver.WaiverCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.jada.chartersync.record.RecordUpdate.Claim;

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
    private final CalendarLinks links;
    private final RebuiltRecords rebuilds;

    public EventRecordStore(DynamoDbClient dynamo, CharterSyncProperties properties, RebuiltRecords rebuilds) {
        this.dynamo = dynamo;
        this.rebuilds = rebuilds;
        this.events = properties.tables().events();
        this.links = new CalendarLinks(dynamo, properties.tables().links());
    }

    /** Brings the record in line with the calendar event; writes nothing when it already is. */
    public EventRecord upsert(CharterEvent event) {
        return upsert(event, null, KnownState.NONE);
    }

    /**
     * As {@link #upsert(CharterEvent)}, looking for hand-made records in {@code unowned} (one scan per cycle, see
     * {@link RecordOwnership}, asked only when the event is new) and taking links and records from {@code known}
     * (read in batches at the cycle's start) where it has them.
     */
    public EventRecord upsert(CharterEvent event, Supplier<Map<String, List<CharterRecord>>> unowned,
                              KnownState known) {
        // outside a cycle: at most one scan of who owns what, shared by adoption and re-linking
        RecordOwnership once = ownership();
        return upsert(event, unowned != null ? unowned : () -> once.identities().unownedByDate(),
                () -> once.identities().owners(), known);
    }

    /** As above; {@code owners} (calendar event id → record id, one scan) is asked only when a link is missing. */
    public EventRecord upsert(CharterEvent event, Supplier<Map<String, List<CharterRecord>>> unowned,
                              Supplier<Map<String, String>> owners, KnownState known) {
        Optional<String> linked = linkedId(event.calendarEventId(), known);
        if (linked.isEmpty()) {
            // The link may be lost (the links table emptied or restored from an old backup): the records say which
            // calendar event each belongs to, so identity is rebuilt from them instead of making a second record.
            linked = links.relink(event.calendarEventId(), owners);
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
        Optional<String> adoptable = RecordOwnership.adoptable(event, unowned.get());
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
        Optional<String> linked = found.isPresent() ? found : links.relink(event.calendarEventId(), owners);
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
        Map<String, AttributeValue> item = dynamo.updateItem(RecordUpdate.cancelled(events, linked.get(), event)).attributes();
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
        dynamo.updateItem(PublicationUpdate.request(events, eventId, calendarEtag, pageHash, s3ETag, invalidationId,
                check, waiver));
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

    /** Which record each calendar event owns, from the records themselves (one scan). */
    public Map<String, String> ownersByCalendarEvent() {
        return ownership().identities().owners();
    }

    /** A fresh holder of who owns which record, scanned on first use (once per run of route {@code cycle-publish}). */
    public RecordOwnership ownership() {
        return new RecordOwnership(dynamo, events);
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

    /** The record id the calendar event is linked to, read consistently. */
    public Optional<String> linkedId(String calendarEventId) {
        return links.linkedId(calendarEventId);
    }

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
        return CharterRecordMapper.fromItem(dynamo.updateItem(RecordUpdate.request(events, eventId, e, claim,
                expectedVersion, rebuilds.photoCode(eventId))).attributes());
    }

    /** As below, or left to the cycle's batch of new links ({@link KnownState#defersLinks()}). */
    private String link(String calendarEventId, String eventId, KnownState known) {
        if (known.defersLinks()) {
            known.newLinks().put(calendarEventId, eventId);
            return eventId;
        }
        return links.link(calendarEventId, eventId);
    }

    static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }
}
