package com.jada.chartersync.page;

import com.jada.chartersync.text.Hashes;
import com.jada.chartersync.agreement.Agreement;
import com.jada.chartersync.agreement.Agreement.PageSeen;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.cycle.SyncCycle;
import com.jada.chartersync.record.EventRecord;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.HashMap;
import java.util.Map;

/**
 * Reconcile's question: is the page the record says was published still there in S3, unchanged, and is it still
 * what the current template renders for the record? The last part lets a new page design (a deployed template
 * change) reach every guest page at the next reconcile, with no calendar change needed. It costs one render
 * (CPU only) per event in reconcile cycles, and no extra call.
 */
@Component
public class PublishedPageCheck {

    /** The same cached template route {@code page-publish} renders with. */
    private static final String RENDER = "freemarker:" + TemplateConfiguration.NAME
            + "?configuration=#templates";

    private final S3Client s3;
    private final String bucket;
    private final ProducerTemplate producer;
    private final PagePublisher publisher;
    private final Agreement agreement;

    public PublishedPageCheck(S3Client s3, CharterSyncProperties properties, ProducerTemplate producer,
                              PagePublisher publisher, Agreement agreement) {
        this.agreement = agreement;
        this.s3 = s3;
        this.bucket = properties.pages().bucket();
        this.producer = producer;
        this.publisher = publisher;
    }

    /**
     * Route {@code event-record}, after the write: in a reconcile cycle, a record whose page is missing from S3 (or
     * not what was published, or not what the current template renders) is published again; in a redrive, the
     * redriven events' pages are taken through upload, edge and waiver check again whatever S3 holds.
     */
    public EventRecord reconcile(@Body EventRecord record, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                                 @Variable(PageListing.VARIABLE) PageListing listing) {
        if (record != null && cycle != null && cycle.forcesPage(record.charter().calendarEventId())) {
            return record.forcingUpload();
        }
        if (record == null || record.needsPublishing() || cycle == null || !cycle.reconciling()) {
            return record;
        }
        try {
            if (isPublished(record, cycle, listing)) {
                return record;
            }
        } catch (software.amazon.awssdk.core.exception.SdkException s3NotReadable) {
            // S3 cannot say: publish again, so a failure is reported by the page step (the layer that failed)
        }
        return record.forcingUpload();
    }

    /**
     * Whether {@link Agreement} finds the page in S3 to be the one published for this record version and what the
     * current template renders. In a cycle over many events, S3's answer comes from the run's {@link PageListing};
     * for one event, one HEAD.
     */
    public boolean isPublished(EventRecord record, SyncCycle cycle, PageListing listing) {
        CharterRecord charter = record.charter();
        if (charter.pageKey() == null) {
            return false;
        }
        PageSeen seen = inS3(charter.pageKey(), cycle, listing).rendered(renderedHash(record));
        return agreement.page(charter, seen).agrees();
    }

    private PageSeen inS3(String pageKey, SyncCycle cycle, PageListing listing) {
        int slash = pageKey.lastIndexOf('/');
        if (listing != null && cycle != null && cycle.eventsSeen() > 1 && slash > 0) {
            Map<String, String> listed = listing.folder(pageKey.substring(0, slash + 1));
            return listed.containsKey(pageKey) ? PageSeen.present(listed.get(pageKey), null) : PageSeen.missing();
        }
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(pageKey));
            return PageSeen.present(head.eTag(), null);
        } catch (NoSuchKeyException e) {
            return PageSeen.missing();
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return PageSeen.missing();
            }
            throw e;
        }
    }

    /** A fresh per-run listing of the page bucket, each folder listed on first use (route {@code cycle-publish}). */
    public PageListing listing() {
        return new PageListing(this::etagsUnder);
    }

    /** Key → ETag (quotes removed) of every page under {@code prefix} ("" for the whole bucket). */
    public Map<String, String> etagsUnder(String prefix) {
        Map<String, String> out = new HashMap<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()
                .forEach(o -> out.put(o.key(), normalize(o.eTag())));
        return out;
    }

    /** The SHA-256 of the page the current template renders for the record. */
    private String renderedHash(EventRecord record) {
        String html = producer.requestBody(RENDER, publisher.model(record), String.class);
        return Hashes.sha256(html);
    }

    /**
     * Key → ETag of the pages of one day: pages live under {@code yyyy-MM-dd/}, and a listing by that prefix reads
     * only that day's keys, however many other days the bucket holds.
     */
    public Map<String, String> etagsOfDay(java.time.LocalDate day) {
        return etagsUnder(day + "/");
    }

    private static String normalize(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
