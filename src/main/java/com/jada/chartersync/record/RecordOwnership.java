package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.charter.Slugs;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.util.function.SingletonSupplier;

/**
 * Who owns which record, from one paged scan of {@code jada-events}: the hand-made records no calendar event owns
 * yet (by date, for adoption) and the calendar event each other record belongs to (to rebuild a lost link). The scan
 * is made at most once per holder and only when asked, that is when some event has no link. Route
 * {@code cycle-publish} makes one per run as variable {@value #VARIABLE}; the split's exchanges share it, so
 * parallel events wait for the one scan instead of each making their own.
 */
public final class RecordOwnership {

    public static final String VARIABLE = "recordOwnership";

    /** The scan's answer. */
    public record Identities(Map<String, List<CharterRecord>> unownedByDate, Map<String, String> owners) {
    }

    private final Supplier<Identities> scan;

    RecordOwnership(DynamoDbClient dynamo, String events) {
        this.scan = SingletonSupplier.of(() -> scan(dynamo, events));
    }

    public Identities identities() {
        return scan.get();
    }

    /**
     * The seed's "scan before create": a record of the same date and guest that no calendar event owns, taken out
     * of {@code unowned} so no other event adopts it.
     */
    static Optional<String> adoptable(CharterEvent e, Map<String, List<CharterRecord>> unowned) {
        String slug = Slugs.slug(e.guestName());
        List<CharterRecord> sameDay = unowned.getOrDefault(e.date().toString(), List.of());
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

    private static Identities scan(DynamoDbClient dynamo, String events) {
        Map<String, List<CharterRecord>> unowned = new ConcurrentHashMap<>();
        Map<String, String> owners = new ConcurrentHashMap<>();
        for (Map<String, AttributeValue> item : dynamo.scanPaginator(b -> b.tableName(events).consistentRead(true)
                .projectionExpression("#eid, #cid, #date, #guest").expressionAttributeNames(Map.of("#eid", "eventId",
                        "#cid", "calendarEventId", "#date", "eventDate", "#guest", "guestName"))).items()) {
            if (item.containsKey("calendarEventId")) {
                owners.put(item.get("calendarEventId").s(), item.get("eventId").s());
            } else if (item.containsKey("eventDate")) {
                unowned.computeIfAbsent(item.get("eventDate").s(), d -> Collections.synchronizedList(new ArrayList<>()))
                        .add(CharterRecordMapper.fromItem(item));
            }
        }
        return new Identities(unowned, owners);
    }
}
