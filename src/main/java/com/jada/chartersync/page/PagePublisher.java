package com.jada.chartersync.page;

import com.jada.chartersync.text.Hashes;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.EventRecord;
import com.jada.chartersync.record.EventRecordStore;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;

/**
 * The Java side of route {@code page-publish}: the model for the template, the page's hash, the S3 headers, and what
 * was uploaded. The record, the hash and the uploaded page are route variables ({@value #RECORD}, {@value #HASH},
 * {@value #PUBLISHED}), named in routes/04-page-publish.yaml.
 */
@Component
public class PagePublisher {

    public static final String CONTENT_TYPE = "text/html; charset=utf-8";
    public static final String CACHE_CONTROL = "no-cache";
    public static final String RECORD = "record";
    public static final String HASH = "pageHash";
    public static final String PUBLISHED = "publishedPage";

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

    /** The SHA-256 of the rendered page in the body. */
    public String hash(@Body String html) {
        return Hashes.sha256(html);
    }

    /** True when the rendered bytes are the ones last published and nothing asks for an upload anyway. */
    public boolean unchanged(@Variable(RECORD) EventRecord record, @Variable(HASH) String hash) {
        return !record.forceUpload() && hash.equals(record.charter().publication().pageHash());
    }

    /** Turns the rendered page in the body into the S3 upload: its bytes, key and headers. */
    public void prepareUpload(@Variable(RECORD) EventRecord record, Exchange exchange) {
        byte[] html = exchange.getMessage().getBody(String.class).getBytes(StandardCharsets.UTF_8);
        exchange.getMessage().setBody(html);
        exchange.getMessage().setHeader(AWS2S3Constants.KEY, record.pageKey());
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getMessage().setHeader(AWS2S3Constants.CACHE_CONTROL, CACHE_CONTROL);
        exchange.getMessage().setHeader(AWS2S3Constants.CONTENT_LENGTH, (long) html.length);
    }

    /** After the upload: the page, for this run's invalidation and verification (and counted in the cycle). */
    public PublishedPage uploaded(@Variable(RECORD) EventRecord record, @Variable(HASH) String hash,
                                  @Header(AWS2S3Constants.E_TAG) String s3ETag,
                                  @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        PublishedPage page = new PublishedPage(record.eventId(), record.charter().calendarEventId(), record.pageKey(),
                record.charter().calendarEtag(), hash, s3ETag);
        if (cycle != null) {
            cycle.pageUploaded(page.calendarEventId());
        }
        return page;
    }

    /** Same bytes as already published: nothing to upload, only the record learns it is current. */
    public void recordUnchanged(@Variable(RECORD) EventRecord record, @Variable(HASH) String hash) {
        CharterRecord.Publication last = record.charter().publication();
        records.recordPublication(record.eventId(), record.charter().calendarEtag(), hash,
                last.s3ETag(), last.invalidationId(), CharterRecord.PageCheck.UNCHANGED, null);
    }
}
