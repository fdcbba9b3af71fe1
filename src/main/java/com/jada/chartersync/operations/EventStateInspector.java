package com.jada.chartersync.operations;

import com.jada.chartersync.text.Hashes;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.agreement.Agreement;
import com.jada.chartersync.agreement.Agreement.CalendarSeen;
import com.jada.chartersync.agreement.Agreement.EdgeSeen;
import com.jada.chartersync.agreement.Agreement.PageSeen;
import com.jada.chartersync.agreement.Verdict;
import com.jada.chartersync.calendar.CalendarSource;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.edge.PageVerifier;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.EventRecordStore;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The drift check behind {@code GET /api/events/{id}}: looks at each layer for one event live (the calendar event,
 * the record, the page object in S3, the page through the edge, the waiver system's last answer) and shows what
 * each holds and {@link Agreement}'s verdict on it.
 */
@Component
public class EventStateInspector {

    private final EventRecordStore records;
    private final CalendarSource calendar;
    private final S3Client s3;
    private final PageVerifier edge;
    private final String bucket;
    private final Agreement agreement;

    public EventStateInspector(EventRecordStore records, CalendarSource calendar, S3Client s3, PageVerifier edge,
                               CharterSyncProperties properties, Agreement agreement) {
        this.records = records;
        this.calendar = calendar;
        this.s3 = s3;
        this.edge = edge;
        this.bucket = properties.pages().bucket();
        this.agreement = agreement;
    }

    public Map<String, Object> inspect(String eventId) {
        CharterRecord record = records.get(eventId);
        if (record == null) {
            return null;
        }
        Map<String, Object> calendarHolds = new LinkedHashMap<>();
        CalendarSeen calendarSeen = calendar(record, calendarHolds);
        Map<String, Object> pageHolds = new LinkedHashMap<>();
        PageSeen pageSeen = page(record.pageKey(), pageHolds);
        Map<String, Object> edgeHolds = new LinkedHashMap<>();
        EdgeSeen edgeSeen = edge(record.pageKey(), edgeHolds);

        Map<String, Object> layers = new LinkedHashMap<>();
        layers.put(Agreement.CALENDAR, layer(agreement.calendar(record, calendarSeen), calendarHolds));
        layers.put(Agreement.RECORD, layer(agreement.record(record, calendarSeen), recordHolds(record)));
        layers.put(Agreement.PAGE, layer(agreement.page(record, pageSeen), pageHolds));
        layers.put(Agreement.EDGE, layer(agreement.edge(record, edgeSeen, pageSeen), edgeHolds));
        layers.put(Agreement.WAIVER, layer(agreement.waiver(record, Agreement.signedSignatures(record, 0)),
                waiverHolds(record)));
        boolean agree = layers.values().stream().allMatch(l -> Boolean.TRUE.equals(((Map<?, ?>) l).get("agrees")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", eventId);
        out.put("agree", agree);
        out.put("layers", layers);
        return out;
    }

    private CalendarSeen calendar(CharterRecord record, Map<String, Object> holds) {
        String calendarEventId = record.calendarEventId();
        if (calendarEventId == null) {
            return CalendarSeen.notFound();
        }
        holds.put("calendarEventId", calendarEventId);
        try {
            Event event = calendar.get(calendarEventId);
            holds.put("etag", String.valueOf(event.getEtag()));
            holds.put("status", String.valueOf(event.getStatus()));
            holds.put("summary", String.valueOf(event.getSummary()));
            return CalendarSeen.found(event.getEtag(), event.getStatus(),
                    event.getUpdated() == null ? null : Instant.ofEpochMilli(event.getUpdated().getValue()));
        } catch (RuntimeException e) {
            return CalendarSeen.unreadable(e.getMessage());
        }
    }

    private PageSeen page(String pageKey, Map<String, Object> holds) {
        if (pageKey == null) {
            return PageSeen.missing();
        }
        holds.put("key", pageKey);
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(pageKey));
            String hash = Hashes.sha256(object.asByteArray());
            holds.put("sha256", hash);
            holds.put("etag", String.valueOf(object.response().eTag()));
            return PageSeen.present(object.response().eTag(), hash);
        } catch (NoSuchKeyException e) {
            return PageSeen.missing();
        } catch (RuntimeException e) {
            return PageSeen.unreadable(e.getMessage());
        }
    }

    private EdgeSeen edge(String pageKey, Map<String, Object> holds) {
        if (pageKey == null) {
            return EdgeSeen.unreachable("record has no page key");
        }
        holds.put("path", "/" + pageKey);
        try {
            HttpResponse<byte[]> r = edge.fetch("/" + pageKey);
            holds.put("status", r.statusCode());
            String hash = Hashes.sha256(r.body());
            if (r.statusCode() == 200) {
                holds.put("sha256", hash);
            }
            return EdgeSeen.fetched(r.statusCode(), hash);
        } catch (java.io.IOException e) {
            return EdgeSeen.unreachable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EdgeSeen.unreachable("interrupted");
        }
    }

    private static Map<String, Object> recordHolds(CharterRecord record) {
        CharterRecord.Publication publication = record.publication();
        Map<String, Object> holds = new LinkedHashMap<>();
        putIfPresent(holds, "guestName", record.guestName());
        putIfPresent(holds, "eventDate", record.date());
        putIfPresent(holds, "eventType", record.eventType());
        putIfPresent(holds, "arriveBy", record.arriveBy());
        putIfPresent(holds, "status", record.status());
        putIfPresent(holds, "pageKey", record.pageKey());
        putIfPresent(holds, "photoCode", record.photoCode());
        putIfPresent(holds, "calendarEtag", record.calendarEtag());
        putIfPresent(holds, "publishedEtag", publication.publishedEtag());
        putIfPresent(holds, "verification", publication.check() == null ? null : publication.check().stored());
        putIfPresent(holds, "verifiedAt", publication.checkedAt());
        putIfPresent(holds, "invalidationId", publication.invalidationId());
        holds.put("crew", record.crew());
        return holds;
    }

    /** What the waiver system last answered for this event, as the sync recorded it. */
    private static Map<String, Object> waiverHolds(CharterRecord record) {
        CharterRecord.Waiver waiver = record.waiver();
        Map<String, Object> holds = new LinkedHashMap<>();
        putIfPresent(holds, "waiverStatus", waiver.status());
        putIfPresent(holds, "waiverCheck", waiver.check() == null ? null : waiver.check().stored());
        putIfPresent(holds, "waiverCheckedAt", waiver.checkedAt());
        putIfPresent(holds, "waiverReason", waiver.reason());
        return holds;
    }

    private static Map<String, Object> layer(Verdict verdict, Map<String, Object> holds) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("agrees", verdict.agrees());
        if (!verdict.agrees()) {
            l.put("reason", verdict.reason());
        }
        l.put("holds", holds);
        l.put("checkedAt", Instant.now().toString());
        return l;
    }

    private static void putIfPresent(Map<String, Object> holds, String name, Object value) {
        if (value != null) {
            holds.put(name, value.toString());
        }
    }
}
