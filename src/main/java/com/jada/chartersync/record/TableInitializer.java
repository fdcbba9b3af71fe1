package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.Map;

/**
 * Creates the runtime's tables when {@code charter.aws.create-tables} is on (local and LocalStack); in AWS they
 * are provisioned outside the app. Runs before Camel starts its routes, because the aws2-ddb endpoint
 * describes its table when it starts.
 */
@Component
public class TableInitializer implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(TableInitializer.class);

    private final DynamoDbClient dynamo;
    private final CharterSyncProperties properties;

    public TableInitializer(DynamoDbClient dynamo, CharterSyncProperties properties) {
        this.dynamo = dynamo;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.aws().createTables()) {
            return;
        }
        CharterSyncProperties.Tables t = properties.tables();
        Map.of(t.events(), "eventId", t.links(), "calendarEventId", t.deadLetters(), "id", t.waivers(), "waiverId",
                t.syncState(), "name", t.idempotency(), "messageKey").forEach(this::ensure);
    }

    private void ensure(String table, String hashKey) {
        try {
            dynamo.describeTable(b -> b.tableName(table));
            return;
        } catch (ResourceNotFoundException absent) {
            LOG.info("Creating DynamoDB table {} (hash key {})", table, hashKey);
        }
        try {
            dynamo.createTable(b -> b.tableName(table)
                    .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName(hashKey)
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        } catch (ResourceInUseException raced) {
            LOG.debug("Table {} was created concurrently", table);
        }
    }
}
