package com.jada.chartersync.record;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.waiver.WaiverService;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every DynamoDB table the runtime and the waiver function use, in one place: keys, secondary indexes and the
 * expiry attribute. {@link TableInitializer} creates them from here (local cloud, LocalStack), and
 * {@link #cliCommands} prints the same definitions as AWS CLI commands, and {@link #upgradeCommands} the indexes to
 * add to a table that lacks them (docs/aws.md, "Tables"). The CDK stack makes the tables from here too.
 */
public final class TableDefinitions {

    /** The records of one day (the status board's pages), on the events table. */
    public static final String EVENTS_DATE_INDEX = "eventDate-index";

    /** Epoch seconds after which DynamoDB's TTL may delete a processed-version key. */
    public static final String PROCESSED_EXPIRES_AT = "expiresAt";

    /**
     * A secondary index with a string hash key, projecting every attribute. {@code addedLater}: the index came after
     * the table was first provisioned, so an existing table needs it added ({@link Table#addIndexCommand}).
     */
    public record Index(String name, String hashKey, boolean addedLater) {

        public Index(String name, String hashKey) {
            this(name, hashKey, false);
        }

        GlobalSecondaryIndex definition() {
            return GlobalSecondaryIndex.builder().indexName(name)
                    .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                    .projection(p -> p.projectionType(ProjectionType.ALL)).build();
        }

        String cliJson() {
            return "{\"IndexName\":\"" + name + "\",\"KeySchema\":[{\"AttributeName\":\"" + hashKey
                    + "\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"ALL\"}}";
        }
    }

    /** One table: string hash key, optional global secondary indexes, optional TTL attribute (or null). */
    public record Table(String name, String hashKey, List<Index> indexes, String ttlAttribute) {

        public CreateTableRequest createRequest() {
            List<GlobalSecondaryIndex> gsis = indexes.stream().map(Index::definition).toList();
            CreateTableRequest.Builder b = CreateTableRequest.builder().tableName(name)
                    .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                    .attributeDefinitions(attributeDefinitions())
                    .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!gsis.isEmpty()) {
                b.globalSecondaryIndexes(gsis);
            }
            return b.build();
        }

        /** Adds {@code index} to this table as it exists (an index added after the table was provisioned). */
        public UpdateTableRequest addIndexRequest(Index index) {
            return UpdateTableRequest.builder().tableName(name).attributeDefinitions(attributeDefinitions())
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction
                            .builder().indexName(index.name()).keySchema(index.definition().keySchema())
                            .projection(index.definition().projection()).build()).build())
                    .build();
        }

        /** The same as an AWS CLI command. */
        public String addIndexCommand(Index index) {
            return "aws dynamodb update-table --table-name " + name + " --attribute-definitions AttributeName="
                    + index.hashKey() + ",AttributeType=S --global-secondary-index-updates '[{\"Create\":"
                    + index.cliJson() + "}]'";
        }

        private List<AttributeDefinition> attributeDefinitions() {
            return keys().stream().map(k -> AttributeDefinition.builder().attributeName(k)
                    .attributeType(ScalarAttributeType.S).build()).toList();
        }

        private Set<String> keys() {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(hashKey);
            indexes.forEach(i -> keys.add(i.hashKey()));
            return keys;
        }

        /** The same table as AWS CLI commands (create, then TTL where it has one). */
        public List<String> cliCommands() {
            Set<String> keys = keys();
            StringBuilder create = new StringBuilder("aws dynamodb create-table --table-name ").append(name)
                    .append(" --billing-mode PAY_PER_REQUEST --attribute-definitions");
            keys.forEach(k -> create.append(" AttributeName=").append(k).append(",AttributeType=S"));
            create.append(" --key-schema AttributeName=").append(hashKey).append(",KeyType=HASH");
            if (!indexes.isEmpty()) {
                create.append(" --global-secondary-indexes '[");
                create.append(String.join(",", indexes.stream().map(Index::cliJson).toList()));
                create.append("]'");
            }
            List<String> out = new ArrayList<>(List.of(create.toString()));
            if (ttlAttribute != null) {
                out.add("aws dynamodb update-time-to-live --table-name " + name
                        + " --time-to-live-specification Enabled=true,AttributeName=" + ttlAttribute);
            }
            return out;
        }
    }

    private TableDefinitions() {
    }

    public static List<Table> all(CharterSyncProperties.Tables t) {
        return List.of(
                new Table(t.events(), "eventId", List.of(new Index(EVENTS_DATE_INDEX, "eventDate", true)), null),
                new Table(t.links(), "calendarEventId", List.of(), null),
                new Table(t.deadLetters(), "id", List.of(), null),
                new Table(t.waivers(), "waiverId", List.of(new Index(WaiverService.EVENT_INDEX, "eventId"),
                        new Index(WaiverService.DATE_INDEX, "eventDate", true)), null),
                new Table(t.syncState(), "name", List.of(), null),
                new Table(t.idempotency(), "messageKey", List.of(), PROCESSED_EXPIRES_AT),
                // the leader election's lease, one item per namespace (AWS's lock client names its key "key")
                new Table(t.leases(), "key", List.of(), null));
    }

    /** Every table as AWS CLI commands, in creation order. */
    public static List<String> cliCommands(CharterSyncProperties.Tables t) {
        return all(t).stream().flatMap(table -> table.cliCommands().stream()).toList();
    }

    /** For tables provisioned before their later indexes: one AWS CLI command per index to add. */
    public static List<String> upgradeCommands(CharterSyncProperties.Tables t) {
        return all(t).stream().flatMap(table -> table.indexes().stream().filter(Index::addedLater)
                .map(table::addIndexCommand)).toList();
    }
}
