package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.text.Hashes;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;

/**
 * The leader's push channel as every replica can check it: one item in the sync-state table with the channel's
 * id, the SHA-256 of its token (never the token) and its expiry. A follower reads it (at most once a few seconds)
 * to accept a notification Google sent to the shared address.
 */
@Component
@ConditionalOnExpression("'${charter.calendar.source:api}' == 'api' and ${charter.calendar.push.enabled:false}")
public class SharedChannel {

    static final String ITEM = "push-channel";
    private static final long CACHE_MS = 3_000;

    private record Known(String channelId, String tokenDigest, Instant expiresAt, long readAtMs) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private volatile Known known;

    public SharedChannel(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.table = properties.tables().syncState();
    }

    /** The leader's channel, as opened. */
    void publish(String channelId, String token, Instant expiresAt) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("name", AttributeValue.fromS(ITEM),
                "channelId", AttributeValue.fromS(channelId), "tokenDigest", AttributeValue.fromS(Hashes.sha256(token)),
                "expiresAt", AttributeValue.fromS(expiresAt.toString()))));
        known = null;
    }

    /** Whether a notification with this channel id and token belongs to the leader's open channel. */
    CalendarPushChannel.Acceptance check(String channelId, String token) {
        Known k = read(channelId);
        if (k == null || !k.channelId().equals(channelId) || !k.expiresAt().isAfter(Instant.now())) {
            return CalendarPushChannel.Acceptance.UNKNOWN_CHANNEL;
        }
        if (token == null || !MessageDigest.isEqual(k.tokenDigest().getBytes(StandardCharsets.UTF_8),
                Hashes.sha256(token).getBytes(StandardCharsets.UTF_8))) {
            return CalendarPushChannel.Acceptance.WRONG_TOKEN;
        }
        return CalendarPushChannel.Acceptance.ACCEPTED;
    }

    private Known read(String channelId) {
        Known k = known;
        long now = System.nanoTime() / 1_000_000;
        // a cached item answers for its own channel; a new id (the leader renewed, or another leads) is looked up
        if (k != null && now - k.readAtMs() < CACHE_MS && k.channelId().equals(channelId)) {
            return k;
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("name", AttributeValue.fromS(ITEM))).consistentRead(true)).item();
        if (item == null || !item.containsKey("channelId")) {
            return null;
        }
        k = new Known(item.get("channelId").s(), item.get("tokenDigest").s(), Instant.parse(item.get("expiresAt").s()), now);
        known = k;
        return k;
    }
}
