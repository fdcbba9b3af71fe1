package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The calendar cursor (Google's {@code nextSyncToken}), kept in DynamoDB so a restarted runtime, or another
 * replica taking over, continues incrementally instead of republishing. The token is tied to the window it
 * was started with: a changed window starts a full sync.
 */
@Component
public class SyncCursorStore {

    private final DynamoDbClient dynamo;
    private final String table;

    public SyncCursorStore(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.table = properties.tables().syncState();
    }

    public Optional<String> token(String calendarId, String windowKey) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("name", AttributeValue.fromS(key(calendarId)))).consistentRead(true)).item();
        if (item == null || !item.containsKey("syncToken") || !windowKey.equals(item.get("window").s())) {
            return Optional.empty();
        }
        return Optional.of(item.get("syncToken").s());
    }

    public void save(String calendarId, String windowKey, String token) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                "name", AttributeValue.fromS(key(calendarId)),
                "syncToken", AttributeValue.fromS(token),
                "window", AttributeValue.fromS(windowKey),
                "savedAt", AttributeValue.fromS(Instant.now().toString()))));
    }

    public void clear(String calendarId) {
        dynamo.deleteItem(b -> b.tableName(table).key(Map.of("name", AttributeValue.fromS(key(calendarId)))));
    }

    private static String key(String calendarId) {
        return "calendar-cursor#" + calendarId;
    }
}
