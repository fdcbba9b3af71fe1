package com.jada.chartersync.record;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/**
 * A charter record as DynamoDB holds it after the runtime's write, and whether this cycle changed it.
 * {@code needsPublishing} is false when the record already reflects this calendar version and its page was
 * published and verified for it. {@code forceUpload} uploads the page even when its bytes are the ones last
 * published (reconcile found the page missing from S3).
 */
public record EventRecord(Map<String, AttributeValue> item, boolean written, boolean needsPublishing,
                          boolean forceUpload) {

    public EventRecord(Map<String, AttributeValue> item, boolean written, boolean needsPublishing) {
        this(item, written, needsPublishing, false);
    }

    public String eventId() {
        return s("eventId");
    }

    public String pageKey() {
        return s("pageKey");
    }

    public String s(String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    public List<String> list(String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }
}
