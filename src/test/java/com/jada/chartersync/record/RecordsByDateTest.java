package com.jada.chartersync.record;

import com.jada.chartersync.LocalSandboxTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A day's records for the board: from the events table's date index, or a filtered Scan where a table lacks it. */
class RecordsByDateTest extends LocalSandboxTest {

    @Test
    void aDaysRecordsComeFromTheDateIndexAndFromAScanWhereTheTableHasNoIndexYet() throws Exception {
        cycles.runCycle("test");
        RecordsByDate indexed = new RecordsByDate(dynamo, "jada-events", "jada-calendar-links");
        assertThat(indexed.on(LocalDate.parse("2026-05-31"))).extracting(r -> r.get("eventId").s())
                .contains("quinn-saturday-2026-05-31", "jonathan-sunday-2026-05-31-afternoon")
                .doesNotContain("danika-sunday-2026-06-14");

        // a table provisioned before the index: same answer, by a Scan
        dynamo.createTable(b -> b.tableName("legacy-events").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("eventId").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("eventId").keyType(KeyType.HASH).build()));
        try {
            // dynalite answers CreateTable while the table is CREATING: writes wait until it is ACTIVE
            for (int i = 0; i < 100 && dynamo.describeTable(b -> b.tableName("legacy-events")).table().tableStatus()
                    != software.amazon.awssdk.services.dynamodb.model.TableStatus.ACTIVE; i++) {
                Thread.sleep(50);
            }
            for (String[] r : List.of(new String[]{"a-2026-06-01", "2026-06-01"}, new String[]{"b-2026-06-01", "2026-06-01"},
                    new String[]{"c-2026-06-02", "2026-06-02"})) {
                dynamo.putItem(b -> b.tableName("legacy-events").item(Map.of("eventId", AttributeValue.fromS(r[0]),
                        "eventDate", AttributeValue.fromS(r[1]))));
            }
            RecordsByDate legacy = new RecordsByDate(dynamo, "legacy-events", "jada-calendar-links");
            assertThat(legacy.on(LocalDate.parse("2026-06-01"))).extracting(r -> r.get("eventId").s())
                    .containsExactlyInAnyOrder("a-2026-06-01", "b-2026-06-01");
            assertThat(legacy.on(LocalDate.parse("2026-06-02"))).hasSize(1);
        } finally {
            dynamo.deleteTable(b -> b.tableName("legacy-events"));
        }
    }
}
