package com.jada.chartersync.page;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.EventRecord;
import com.jada.chartersync.record.EventRecordStore;
import org.apache.camel.Exchange;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;

/** The Java side of route {@code page-publish}: model in, S3 headers out, and what was uploaded. */
@Component
public class PagePublisher {

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
    public static final String CACHE_CONTROL = "no-cache";
    /** Exchange property: true when the rendered bytes equal what S3 already holds for this event. */
    public static final String UNCHANGED = "pageUnchanged";

    private final ZoneId zone;
    private final String waiverFormUrl;
    private final EventRecordStore records;

    public PagePublisher(CharterSyncProperties properties, EventRecordStore records) {
        this.zone = properties.calendar().timeZone();
        this.waiverFormUrl = properties.pages().waiverFormUrl();
        this.records = records;
    }

    public Map<String, Object> model(EventRecord record) {
        return GuestPageModel.of(record.charter(), zone, waiverFormUrl);
    }

    /** Sets the S3 headers for the rendered page in the body; marks it unchanged when its hash is the stored one. */
    public void prepareUpload(Exchange exchange) {
        EventRecord record = exchange.getProperty("record", EventRecord.class);
        byte[] html = exchange.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
        String hash = sha256(html);
        exchange.setProperty("pageHash", hash);
        exchange.setProperty(UNCHANGED, !record.forceUpload() && hash.equals(record.charter().publication().pageHash()));
        exchange.getMessage().setBody(html);
        exchange.getMessage().setHeader(AWS2S3Constants.KEY, record.pageKey());
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getMessage().setHeader(AWS2S3Constants.CACHE_CONTROL, CACHE_CONTROL);
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) html.length);
    }

    /** After the upload: remember the page for this cycle's invalidation and verification. */
    public PublishedPage uploaded(Exchange exchange) {
        EventRecord record = exchange.getProperty("record", EventRecord.class);
        SyncCycle cycle = exchange.getProperty(SyncCycle.PROPERTY, SyncCycle.class);
        PublishedPage page = new PublishedPage(record.eventId(), record.charter().calendarEventId(), record.pageKey(),
                record.charter().calendarEtag(),
                exchange.getProperty("pageHash", String.class),
                exchange.getMessage().getHeader(AWS2S3Constants.E_TAG, String.class));
        if (cycle != null) {
            cycle.pageUploaded(page);
        }
        return page;
    }

    /** Same bytes as already published: nothing to upload, only the record learns it is current. */
    public void unchanged(Exchange exchange) {
        EventRecord record = exchange.getProperty("record", EventRecord.class);
        CharterRecord.Publication last = record.charter().publication();
        records.recordPublication(record.eventId(), record.charter().calendarEtag(), exchange.getProperty("pageHash", String.class),
                last.s3ETag(), last.invalidationId(), CharterRecord.PageCheck.UNCHANGED, null);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
