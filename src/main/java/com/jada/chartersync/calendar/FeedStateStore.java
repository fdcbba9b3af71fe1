package com.jada.chartersync.calendar;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The iCal source's cursor, in the sync-state table beside the API's sync token: the feed's validators (ETag,
 * Last-Modified, a hash of its bytes) and every event instance of the window the last cycle saw with its etag,
 * gzipped. With it a cycle knows what changed, and what disappeared from the feed.
 */
@Component
@ConditionalOnProperty(name = "charter.calendar.source", havingValue = "ical")
public class FeedStateStore {

    /** What the last committed cycle read from the feed. */
    public record FeedState(String windowKey, String etag, String lastModified, String bodyHash,
                            Map<String, String> instances) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final DynamoDbClient dynamo;
    private final String table;

    public FeedStateStore(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.table = properties.tables().syncState();
    }

    public FeedState load(String feedKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("name", AttributeValue.fromS(key(feedKey)))).consistentRead(true)).item();
        if (item == null || !item.containsKey("instances")) {
            return null;
        }
        return new FeedState(s(item, "window"), s(item, "etag"), s(item, "lastModified"), s(item, "bodyHash"),
                instances(item.get("instances").b().asByteArray()));
    }

    public void save(String feedKey, FeedState state) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("name", AttributeValue.fromS(key(feedKey)));
        item.put("window", AttributeValue.fromS(state.windowKey()));
        item.put("bodyHash", AttributeValue.fromS(state.bodyHash()));
        if (state.etag() != null) {
            item.put("etag", AttributeValue.fromS(state.etag()));
        }
        if (state.lastModified() != null) {
            item.put("lastModified", AttributeValue.fromS(state.lastModified()));
        }
        item.put("instances", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(state.instances()))));
        item.put("savedAt", AttributeValue.fromS(Instant.now().toString()));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    private static String key(String feedKey) {
        return "calendar-feed#" + feedKey;
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static byte[] gzip(Map<String, String> instances) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            JSON.writeValue(out, instances);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> instances(byte[] gzipped) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return JSON.readValue(in, new TypeReference<LinkedHashMap<String, String>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
