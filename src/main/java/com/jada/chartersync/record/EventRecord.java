package com.jada.chartersync.record;

/**
 * A charter record as DynamoDB holds it after the runtime's write, and whether this cycle changed it.
 * {@code needsPublishing} is false when the record already reflects this calendar version and its page was
 * published and verified for it. {@code forceUpload} uploads the page even when its bytes are the ones last
 * published (reconcile found the page missing from S3).
 */
public record EventRecord(CharterRecord charter, boolean written, boolean needsPublishing, boolean forceUpload) {

    public EventRecord(CharterRecord charter, boolean written, boolean needsPublishing) {
        this(charter, written, needsPublishing, false);
    }

    public String eventId() {
        return charter.eventId();
    }

    public String pageKey() {
        return charter.pageKey();
    }

    /** The same record, to be uploaded even if its page's bytes are the ones last published. */
    public EventRecord forcingUpload() {
        return new EventRecord(charter, written, true, true);
    }
}
