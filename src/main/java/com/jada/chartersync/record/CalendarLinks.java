package com.jada.chartersync.record;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Table {@code jada-calendar-links}: which record id each calendar event was given, written once. */
final class CalendarLinks {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarLinks.class);

    private final DynamoDbClient dynamo;
    private final String table;

    CalendarLinks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    Optional<String> linkedId(String calendarEventId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("calendarEventId", AttributeValue.fromS(calendarEventId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("eventId").s());
    }

    /**
     * A calendar event without a link whose record says it belongs to it ({@code owners}, asked only now): the
     * link was lost (the table emptied or restored from an old backup) and is made again, instead of a second record.
     */
    Optional<String> relink(String calendarEventId, Supplier<Map<String, String>> owners) {
        String owned = owners.get().get(calendarEventId);
        if (owned == null) {
            return Optional.empty();
        }
        String winner = link(calendarEventId, owned);
        LOG.warn("Calendar event {} had no link; linked it again to its record {}", calendarEventId, winner);
        return Optional.of(winner);
    }

    /** Links the calendar event to the id; answers the id it is linked to (another replica may have won). */
    String link(String calendarEventId, String eventId) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(Map.of("calendarEventId", AttributeValue.fromS(calendarEventId), "eventId", AttributeValue.fromS(eventId),
                            "linkedAt", AttributeValue.fromS(Instant.now().toString())))
                    .conditionExpression("attribute_not_exists(calendarEventId)"));
            return eventId;
        } catch (ConditionalCheckFailedException exists) {
            return linkedId(calendarEventId).orElseThrow();
        }
    }
}
