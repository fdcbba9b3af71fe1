package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The update {@link EventRecordStore} writes a charter record with: the seven contract attributes and the
 * runtime's own from the calendar event; {@code waiverStatus}, {@code pageKey} and {@code photoCode} only when
 * absent (owned by the waiver system, or fixed for life); {@code version} raised by one. Its condition is the claim.
 */
final class RecordUpdate {

    /** Whose record it is: the calendar event's own, a hand-made one it adopts, or a new one. */
    enum Claim { OWNED, ADOPT, NEW }

    private RecordUpdate() {
    }

    static UpdateItemRequest request(String table, String eventId, CharterEvent e, Claim claim,
                                     AttributeValue expectedVersion, String photoCode) {
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String now = Instant.now().toString();

        setAttr(set, names, values, "eventDate", str(e.date().toString()));
        setAttr(set, names, values, "eventType", str(e.eventType()));
        setAttr(set, names, values, "guestName", str(e.guestName()));
        setAttr(set, names, values, "crew", AttributeValue.fromL(e.crew().stream().map(AttributeValue::fromS).toList()));
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
        setIfAbsent(set, names, values, "photoCode", str(photoCode));
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
        return UpdateItemRequest.builder().tableName(table).key(Map.of("eventId", str(eventId)))
                .updateExpression(update).conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW).build();
    }

    /** Marks the record cancelled, for the calendar version that cancelled it; only the event's own record. */
    static UpdateItemRequest cancelled(String table, String eventId, CharterEvent event) {
        Map<String, String> names = Map.of("#status", "status", "#etag", "calendarEtag", "#upd", "calendarUpdated",
                "#sync", "lastSyncAt", "#version", "version", "#cid", "calendarEventId");
        Map<String, AttributeValue> values = Map.of(":cancelled", str("cancelled"),
                ":etag", str(event.calendarEtag() == null ? "" : event.calendarEtag()),
                ":upd", str(event.calendarUpdated() == null ? "" : event.calendarUpdated()),
                ":sync", str(Instant.now().toString()), ":zero", AttributeValue.fromN("0"),
                ":one", AttributeValue.fromN("1"), ":cid", str(event.calendarEventId()));
        return UpdateItemRequest.builder().tableName(table)
                .key(Map.of("eventId", str(eventId)))
                .updateExpression("SET #status = :cancelled, #etag = :etag, #upd = :upd, #sync = :sync, "
                        + "#version = if_not_exists(#version, :zero) + :one")
                .conditionExpression("#cid = :cid")
                .expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW).build();
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

    private static AttributeValue str(String s) {
        return AttributeValue.fromS(s);
    }
}
