package com.jada.chartersync.manifest;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.waiver.WaiverService;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a day's waivers from {@code jada-waivers} with one Query on its {@code eventDate} index (more pages only
 * past 1 MB), whatever the number of charters that day: the manifest and the board's urgent badges read them so.
 */
@Component
public class WaiversByDate {

    private final DynamoDbClient dynamo;
    private final String table;

    public WaiversByDate(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.table = properties.tables().waivers();
    }

    /** The waivers filed under {@code date}, by the eventId they belong to. */
    public Map<String, List<Map<String, AttributeValue>>> on(LocalDate date) {
        Map<String, List<Map<String, AttributeValue>>> byEvent = new HashMap<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(WaiverService.DATE_INDEX)
                        .keyConditionExpression("eventDate = :d")
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(date.toString()))))
                .items().forEach(w -> {
                    AttributeValue eventId = w.get("eventId");
                    if (eventId != null && eventId.s() != null) {
                        byEvent.computeIfAbsent(eventId.s(), k -> new ArrayList<>()).add(w);
                    }
                });
        return byEvent;
    }
}
