package com.jada.chartersync.operations;

import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.edge.PageVerifier;
import com.jada.chartersync.page.PagePublisher;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.EventRecordStore;
import com.jada.chartersync.calendar.CalendarSource;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift check: what each layer holds for one event (calendar, record, page in S3, edge, waiver) and
 * whether it agrees with the record, which in turn must agree with the calendar.
 */
@Component
public class EventStateInspector {

    private final EventRecordStore records;
    private final CalendarSource calendar;
    private final S3Client s3;
    private final PageVerifier edge;
    private final CharterSyncProperties properties;

    public EventStateInspector(EventRecordStore records, CalendarSource calendar, S3Client s3, PageVerifier edge,
                               CharterSyncProperties properties) {
        this.records = records;
        this.calendar = calendar;
        this.s3 = s3;
        this.edge = edge;
        this.properties = properties;
    }

    public Map<String, Object> inspect(String eventId) {
        CharterRecord record = records.get(eventId);
        if (record == null) {
            return null;
        }
        String pageHash = record.publication().pageHash();
        Map<String, Object> layers = new LinkedHashMap<>();
        layers.put("calendar", calendar(record));
        layers.put("record", recordLayer(record));
        layers.put("page", page(record.pageKey(), pageHash));
        layers.put("edge", edgeLayer(record.pageKey(), pageHash));
        layers.put("waiver", waiverLayer(record));
        boolean agree = layers.values().stream().allMatch(l -> Boolean.TRUE.equals(((Map<?, ?>) l).get("agrees")));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventId", eventId);
        out.put("agree", agree);
        out.put("layers", layers);
        return out;
    }

    /** What the waiver system last answered for this event, as the sync recorded it. */
    private static Map<String, Object> waiverLayer(CharterRecord record) {
        CharterRecord.Waiver waiver = record.waiver();
        Map<String, Object> holds = new LinkedHashMap<>();
        putIfPresent(holds, "waiverStatus", waiver.status());
        putIfPresent(holds, "waiverCheck", waiver.check() == null ? null : waiver.check().stored());
        putIfPresent(holds, "waiverCheckedAt", waiver.checkedAt());
        putIfPresent(holds, "waiverReason", waiver.reason());
        boolean failed = waiver.check() == CharterRecord.WaiverCheckResult.FAILED;
        return layer(!failed, failed ? "waiver check failed: " + waiver.reason() : null, holds);
    }

    private Map<String, Object> calendar(CharterRecord record) {
        String calendarEventId = record.calendarEventId();
        if (calendarEventId == null) {
            return layer(false, "no calendar event is linked to this record yet", Map.of());
        }
        try {
            Event event = calendar.get(calendarEventId);
            boolean same = event.getEtag() != null && event.getEtag().equals(record.calendarEtag());
            return layer(same && !"cancelled".equals(event.getStatus()),
                    same ? null : "calendar has a version the record does not reflect yet",
                    Map.of("calendarEventId", calendarEventId, "etag", String.valueOf(event.getEtag()),
                            "status", String.valueOf(event.getStatus()), "summary", String.valueOf(event.getSummary())));
        } catch (RuntimeException e) {
            return layer(false, "calendar not reachable: " + e.getMessage(), Map.of("calendarEventId", calendarEventId));
        }
    }

    private Map<String, Object> recordLayer(CharterRecord record) {
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
        boolean published = record.publishedCurrentVersion();
        return layer(published, published ? null : "the page was not yet published for this record version", holds);
    }

    private Map<String, Object> page(String pageKey, String pageHash) {
        if (pageKey == null) {
            return layer(false, "record has no page key", Map.of());
        }
        try {
            ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(properties.pages().bucket()).key(pageKey));
            String hash = PagePublisher.sha256(object.asByteArray());
            boolean same = hash.equals(pageHash);
            return layer(same, same ? null : "S3 holds different bytes than the record's page hash",
                    Map.of("key", pageKey, "sha256", hash, "etag", String.valueOf(object.response().eTag())));
        } catch (NoSuchKeyException e) {
            return layer(false, "page missing from S3", Map.of("key", pageKey));
        } catch (RuntimeException e) {
            return layer(false, "S3 not reachable: " + e.getMessage(), Map.of("key", pageKey));
        }
    }

    private Map<String, Object> edgeLayer(String pageKey, String pageHash) {
        if (pageKey == null) {
            return layer(false, "record has no page key", Map.of());
        }
        try {
            HttpResponse<byte[]> r = edge.fetch("/" + pageKey);
            if (r.statusCode() != 200) {
                return layer(false, "edge answered " + r.statusCode(), Map.of("path", "/" + pageKey, "status", r.statusCode()));
            }
            String hash = PagePublisher.sha256(r.body());
            boolean same = hash.equals(pageHash);
            return layer(same, same ? null : "edge serves different content than was published",
                    Map.of("path", "/" + pageKey, "status", 200, "sha256", hash));
        } catch (java.io.IOException e) {
            return layer(false, "edge not reachable: " + e.getMessage(), Map.of("path", "/" + pageKey));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return layer(false, "interrupted", Map.of());
        }
    }

    private static Map<String, Object> layer(boolean agrees, String reason, Map<String, Object> holds) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("agrees", agrees);
        if (reason != null) {
            l.put("reason", reason);
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
