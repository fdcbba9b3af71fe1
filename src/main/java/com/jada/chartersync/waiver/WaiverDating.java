package com.jada.chartersync.waiver;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.jada.chartersync.waiver.CharterItems.s;

/**
 * The function's {@code date-waivers} action: gives every waiver its charter's current date ({@code eventDate},
 * what {@link WaiverService#DATE_INDEX} finds it by), for waivers stored before waivers carried a date and those of
 * a charter that has since moved to another day. One Scan of the waivers and one read per charter they belong to.
 */
final class WaiverDating {

    private final DynamoDbClient dynamo;
    private final String waiversTable;
    private final CharterItems charters;

    WaiverDating(DynamoDbClient dynamo, String waiversTable, CharterItems charters) {
        this.dynamo = dynamo;
        this.waiversTable = waiversTable;
        this.charters = charters;
    }

    /** Answers how many waivers there are ({@code waivers}) and how many it changed ({@code dated}). */
    Map<String, Object> run() {
        Map<String, String> dateOf = new HashMap<>();
        int seen = 0;
        int changed = 0;
        for (Map<String, AttributeValue> waiver : dynamo.scanPaginator(b -> b.tableName(waiversTable)).items()) {
            String eventId = s(waiver, "eventId");
            if (eventId == null && s(waiver, "waiverId").startsWith(WaiverLedger.PREFIX)) {
                continue;
            }
            seen++;
            if (eventId == null) {
                continue;
            }
            String date = dateOf.computeIfAbsent(eventId, id -> {
                Map<String, AttributeValue> event = charters.one(id);
                String d = event == null ? null : s(event, "eventDate");
                return d == null ? "" : d;
            });
            if (date.isEmpty() || date.equals(s(waiver, "eventDate"))) {
                continue;
            }
            dynamo.updateItem(b -> b.tableName(waiversTable).key(Map.of("waiverId", waiver.get("waiverId")))
                    .updateExpression("SET eventDate = :d").conditionExpression("attribute_exists(waiverId)")
                    .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(date))));
            changed++;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("waivers", seen);
        out.put("dated", changed);
        return out;
    }
}
