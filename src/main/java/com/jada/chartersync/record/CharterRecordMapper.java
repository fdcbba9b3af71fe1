package com.jada.chartersync.record;

import com.jada.chartersync.record.CharterRecord.Minor;
import com.jada.chartersync.record.CharterRecord.PageCheck;
import com.jada.chartersync.record.CharterRecord.Publication;
import com.jada.chartersync.record.CharterRecord.Waiver;
import com.jada.chartersync.record.CharterRecord.WaiverCheckResult;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one translation between a {@code jada-events} item and a {@link CharterRecord}. The attribute names are the
 * contract's (and the waiver function's), unchanged: items written before this class existed read as they are, and
 * an attribute an item lacks maps to null (or an empty list). Text that is not what the runtime writes (a date that
 * is not a date, a number that is not a number) maps to null rather than failing the whole record.
 */
public final class CharterRecordMapper {

    public static final String EVENT_ID = "eventId";
    public static final String EVENT_DATE = "eventDate";
    public static final String EVENT_TYPE = "eventType";
    public static final String GUEST_NAME = "guestName";
    public static final String CREW = "crew";
    public static final String CALENDAR_EVENT_ID = "calendarEventId";
    public static final String CALENDAR_ETAG = "calendarEtag";
    public static final String CALENDAR_UPDATED = "calendarUpdated";
    public static final String STATUS = "status";
    public static final String LAST_SYNC_AT = "lastSyncAt";
    public static final String START_TIME = "startTime";
    public static final String ARRIVE_BY = "arriveBy";
    public static final String ARRIVAL = "arrival";
    public static final String PARTY_SIZE = "partySize";
    public static final String MINORS = "minors";
    public static final String PAGE_KEY = "pageKey";
    public static final String PHOTO_CODE = "photoCode";
    public static final String VERSION = "version";
    public static final String PUBLISHED_ETAG = "publishedEtag";
    public static final String PAGE_HASH = "pageHash";
    public static final String S3_ETAG = "s3ETag";
    public static final String INVALIDATION_ID = "invalidationId";
    public static final String VERIFICATION = "verification";
    public static final String VERIFIED_AT = "verifiedAt";
    public static final String WAIVER_STATUS = "waiverStatus";
    public static final String WAIVERS_SIGNED = "waiversSigned";
    public static final String WAIVERS_EXPECTED = "waiversExpected";
    public static final String WAIVER_CHECK = "waiverCheck";
    public static final String WAIVER_CHECKED_AT = "waiverCheckedAt";
    public static final String WAIVER_REASON = "waiverReason";

    private CharterRecordMapper() {
    }

    /** The record an item holds; null for null or an empty item (DynamoDB's "no such item"). */
    public static CharterRecord fromItem(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        return new CharterRecord(s(item, EVENT_ID), date(s(item, EVENT_DATE)), s(item, EVENT_TYPE), s(item, GUEST_NAME),
                strings(item.get(CREW)), s(item, CALENDAR_EVENT_ID), s(item, CALENDAR_ETAG), s(item, CALENDAR_UPDATED),
                s(item, STATUS), s(item, LAST_SYNC_AT), s(item, START_TIME), s(item, ARRIVE_BY), s(item, ARRIVAL),
                integer(item.get(PARTY_SIZE)), minors(item.get(MINORS)), s(item, PAGE_KEY), s(item, PHOTO_CODE),
                number(item.get(VERSION)),
                new Publication(s(item, PUBLISHED_ETAG), s(item, PAGE_HASH), s(item, S3_ETAG), s(item, INVALIDATION_ID),
                        pageCheck(s(item, VERIFICATION)), instant(s(item, VERIFIED_AT))),
                new Waiver(s(item, WAIVER_STATUS), integer(item.get(WAIVERS_SIGNED)), integer(item.get(WAIVERS_EXPECTED)),
                        waiverCheck(s(item, WAIVER_CHECK)), instant(s(item, WAIVER_CHECKED_AT)), s(item, WAIVER_REASON)));
    }

    /** The item for a record: every attribute the record has a value for, none for what it lacks. */
    public static Map<String, AttributeValue> toItem(CharterRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, EVENT_ID, r.eventId());
        put(item, EVENT_DATE, r.date() == null ? null : r.date().toString());
        put(item, EVENT_TYPE, r.eventType());
        put(item, GUEST_NAME, r.guestName());
        item.put(CREW, AttributeValue.fromL(r.crew().stream().map(AttributeValue::fromS).toList()));
        put(item, CALENDAR_EVENT_ID, r.calendarEventId());
        put(item, CALENDAR_ETAG, r.calendarEtag());
        put(item, CALENDAR_UPDATED, r.calendarUpdated());
        put(item, STATUS, r.status());
        put(item, LAST_SYNC_AT, r.lastSyncAt());
        put(item, START_TIME, r.startTime());
        put(item, ARRIVE_BY, r.arriveBy());
        put(item, ARRIVAL, r.arrival());
        putN(item, PARTY_SIZE, r.partySize());
        item.put(MINORS, AttributeValue.fromL(r.minors().stream().map(CharterRecordMapper::minor).toList()));
        put(item, PAGE_KEY, r.pageKey());
        put(item, PHOTO_CODE, r.photoCode());
        putN(item, VERSION, r.version());
        Publication p = r.publication();
        put(item, PUBLISHED_ETAG, p.publishedEtag());
        put(item, PAGE_HASH, p.pageHash());
        put(item, S3_ETAG, p.s3ETag());
        put(item, INVALIDATION_ID, p.invalidationId());
        put(item, VERIFICATION, p.check() == null ? null : p.check().stored());
        put(item, VERIFIED_AT, p.checkedAt() == null ? null : p.checkedAt().toString());
        Waiver w = r.waiver();
        put(item, WAIVER_STATUS, w.status());
        putN(item, WAIVERS_SIGNED, w.signed());
        putN(item, WAIVERS_EXPECTED, w.expected());
        put(item, WAIVER_CHECK, w.check() == null ? null : w.check().stored());
        put(item, WAIVER_CHECKED_AT, w.checkedAt() == null ? null : w.checkedAt().toString());
        put(item, WAIVER_REASON, w.reason());
        return item;
    }

    /** A minor as the item holds it: {@code {name, age?}}. */
    public static AttributeValue minor(Minor m) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("name", AttributeValue.fromS(m.name()));
        if (m.age() != null) {
            map.put("age", AttributeValue.fromN(m.age().toString()));
        }
        return AttributeValue.fromM(map);
    }

    /** {@code verification} as written by the runtime ("verified", "unchanged"); anything else is no check. */
    static PageCheck pageCheck(String stored) {
        if (stored == null) {
            return null;
        }
        for (PageCheck c : PageCheck.values()) {
            if (stored.startsWith(c.stored())) {
                return c;
            }
        }
        return null;
    }

    private static WaiverCheckResult waiverCheck(String stored) {
        for (WaiverCheckResult c : WaiverCheckResult.values()) {
            if (c.stored().equals(stored)) {
                return c;
            }
        }
        return null;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static List<String> strings(AttributeValue v) {
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }

    private static List<Minor> minors(AttributeValue v) {
        List<Minor> out = new ArrayList<>();
        if (v != null && v.hasL()) {
            for (AttributeValue m : v.l()) {
                if (m.hasM()) {
                    out.add(new Minor(s(m.m(), "name"), integer(m.m().get("age"))));
                }
            }
        }
        return out;
    }

    private static Integer integer(AttributeValue v) {
        Long n = number(v);
        return n == null ? null : n.intValue();
    }

    private static Long number(AttributeValue v) {
        try {
            return v == null || v.n() == null ? null : Long.valueOf(v.n());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(String s) {
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        try {
            return s == null || s.isBlank() ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static void putN(Map<String, AttributeValue> item, String name, Number value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(value.toString()));
        }
    }
}
