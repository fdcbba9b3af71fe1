package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Creates the runtime's tables from {@link TableDefinitions} when {@code charter.aws.create-tables} is on (local
 * cloud and LocalStack); in AWS they are provisioned outside the app with the commands in docs/aws.md. Runs
 * once every bean exists and before Camel starts its routes, so the first cycle finds its tables.
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
        if (properties.aws().createTables()) {
            try {
                ensureAll(dynamo, properties.tables());
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                // start-up never depends on a dependency answering: the steps that need the tables report it
                LOG.error("Could not create the DynamoDB tables: {}", e.getMessage());
            }
        }
    }

    /**
     * Creates whichever of the tables is missing, with its indexes, adds indexes an existing table lacks, and
     * enables TTL where the service has it.
     */
    public static void ensureAll(DynamoDbClient dynamo, CharterSyncProperties.Tables tables) {
        for (TableDefinitions.Table table : TableDefinitions.all(tables)) {
            ensure(dynamo, table);
        }
    }

    /** Creates the one table named, if missing (the others are left for the cycle that finds them gone). */
    public static void ensureOne(DynamoDbClient dynamo, CharterSyncProperties.Tables tables, String name) {
        TableDefinitions.all(tables).stream().filter(t -> t.name().equals(name)).forEach(t -> ensure(dynamo, t));
    }

    private static void ensure(DynamoDbClient dynamo, TableDefinitions.Table table) {
        try {
            TableDescription existing = dynamo.describeTable(b -> b.tableName(table.name())).table();
            addMissingIndexes(dynamo, table, existing);
        } catch (ResourceNotFoundException absent) {
            LOG.info("Creating DynamoDB table {} (hash key {}, indexes {})", table.name(), table.hashKey(), table.indexes());
            try {
                dynamo.createTable(table.createRequest());
                // the SDK's default waiter sleeps 20 s between looks: far longer than any emulator, or most tables, take
                try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(dynamo).overrideConfiguration(o -> o
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(250)))
                        .waitTimeout(Duration.ofMinutes(5))).build()) {
                    waiter.waitUntilTableExists(b -> b.tableName(table.name()));
                }
            } catch (ResourceInUseException raced) {
                LOG.debug("Table {} was created concurrently", table.name());
            }
        }
        if (table.ttlAttribute() != null) {
            enableTimeToLive(dynamo, table);
        }
    }

    /** A table made before one of its indexes existed gets the index added (DynamoDB then backfills it). */
    private static void addMissingIndexes(DynamoDbClient dynamo, TableDefinitions.Table table, TableDescription existing) {
        for (TableDefinitions.Index index : missingIndexes(table, existing)) {
            LOG.info("Adding index {} to DynamoDB table {}", index.name(), table.name());
            try {
                dynamo.updateTable(table.addIndexRequest(index));
            } catch (DynamoDbException refused) {
                LOG.warn("Could not add index {} to {}: {}", index.name(), table.name(), refused.getMessage());
            }
        }
    }

    /** The indexes {@code table} defines that the table as DynamoDB describes it does not have. */
    public static java.util.List<TableDefinitions.Index> missingIndexes(TableDefinitions.Table table, TableDescription existing) {
        Set<String> present = existing.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName)
                .collect(Collectors.toSet());
        return table.indexes().stream().filter(i -> !present.contains(i.name())).toList();
    }

    private static void enableTimeToLive(DynamoDbClient dynamo, TableDefinitions.Table table) {
        try {
            TimeToLiveStatus status = dynamo.describeTimeToLive(b -> b.tableName(table.name()))
                    .timeToLiveDescription().timeToLiveStatus();
            if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
                return;
            }
            dynamo.updateTimeToLive(b -> b.tableName(table.name())
                    .timeToLiveSpecification(s -> s.enabled(true).attributeName(table.ttlAttribute())));
        } catch (DynamoDbException unsupported) {
            // dynalite (the local cloud) has no UpdateTimeToLive: its keys simply never expire
            LOG.info("TTL on {}.{} not enabled: {}", table.name(), table.ttlAttribute(),
                    unsupported.awsErrorDetails() == null ? unsupported.getMessage() : unsupported.awsErrorDetails().errorCode());
        }
    }
}
