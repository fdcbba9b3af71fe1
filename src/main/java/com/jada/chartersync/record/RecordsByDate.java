package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.config.DynamoBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The records of one day, for the status board's pages: one Query of the events table's {@code eventDate} index
 * (more pages only past 1 MB), whatever the number of charters on other days. Where the index is missing (an adopted
 * table without it, see docs/aws.md, "Tables") the same day comes from a Scan filtered on the date, and
 * that is logged once. Also the few point reads a page needs for calendar events no record of its days names.
 */
@Component
public class RecordsByDate {

    private static final Logger LOG = LoggerFactory.getLogger(RecordsByDate.class);

    private final DynamoDbClient dynamo;
    private final String events;
    private final String links;
    private final AtomicBoolean indexMissing = new AtomicBoolean();

    @org.springframework.beans.factory.annotation.Autowired
    public RecordsByDate(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this(dynamo, properties.tables().events(), properties.tables().links());
    }

    RecordsByDate(DynamoDbClient dynamo, String events, String links) {
        this.dynamo = dynamo;
        this.events = events;
        this.links = links;
    }

    public List<Map<String, AttributeValue>> on(LocalDate date) {
        Map<String, AttributeValue> day = Map.of(":d", AttributeValue.fromS(date.toString()));
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        if (!indexMissing.get()) {
            try {
                dynamo.queryPaginator(b -> b.tableName(events).indexName(TableDefinitions.EVENTS_DATE_INDEX)
                        .keyConditionExpression("eventDate = :d").expressionAttributeValues(day)).items().forEach(out::add);
                return out;
            } catch (DynamoDbException e) {
                if (e.statusCode() != 400 || !String.valueOf(e.getMessage()).contains("index")
                        || !indexMissing.compareAndSet(false, true)) {
                    throw e;
                }
                LOG.warn("Table {} has no index {} ({}); the board reads a day's records with a filtered Scan until it is "
                        + "added (docs/aws.md)", events, TableDefinitions.EVENTS_DATE_INDEX, e.awsErrorDetails() == null
                        ? e.getMessage() : e.awsErrorDetails().errorMessage());
            }
        }
        dynamo.scanPaginator(b -> b.tableName(events).filterExpression("eventDate = :d").expressionAttributeValues(day))
                .items().forEach(out::add);
        return out;
    }

    /** The record id each of the given calendar events is linked to (those without a link are left out). */
    public Map<String, String> linksOf(Collection<String> calendarEventIds) {
        Map<String, String> out = new HashMap<>();
        batchGet(links, "calendarEventId", calendarEventIds)
                .forEach(item -> out.put(item.get("calendarEventId").s(), item.get("eventId").s()));
        return out;
    }

    /** The records of the given ids that exist. */
    public List<Map<String, AttributeValue>> records(Collection<String> eventIds) {
        return batchGet(events, "eventId", eventIds);
    }

    private List<Map<String, AttributeValue>> batchGet(String table, String key, Collection<String> ids) {
        return DynamoBatches.getAll(dynamo, table, key, ids, false);
    }
}
