package com.jada.chartersync.standin;

import com.jada.chartersync.standin.dynamodb.DynamoDbStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The DynamoDB stand-in through the real AWS SDK: the expression semantics the runtime relies on. */
class DynamoDbStandInTest {

    @TempDir
    Path data;
    private DynamoDbStandIn standIn;
    private DynamoDbClient ddb;

    @BeforeEach
    void start() throws Exception {
        standIn = new DynamoDbStandIn(data).start("127.0.0.1", 0);
        ddb = client(standIn.port(), "one-key");
        ddb.createTable(b -> b.tableName("t").keySchema(k -> k.attributeName("id").keyType("HASH"))
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S")).billingMode("PAY_PER_REQUEST"));
    }

    @AfterEach
    void stop() {
        ddb.close();
        standIn.close();
    }

    private static DynamoDbClient client(int port, String accessKey) {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "x")))
                .httpClient(ApacheHttpClient.create()).build();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of("id", AttributeValue.fromS(id));
    }

    @Test
    void conditionalPutRefusesAnExistingItem() {
        ddb.putItem(b -> b.tableName("t").item(key("a")).conditionExpression("attribute_not_exists(id)"));
        assertThatThrownBy(() -> ddb.putItem(b -> b.tableName("t").item(key("a")).conditionExpression("attribute_not_exists(id)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void updateSetsOnlyWhatItNamesAndIfNotExistsKeepsOtherOwnersValues() {
        ddb.putItem(b -> b.tableName("t").item(Map.of("id", AttributeValue.fromS("a"), "waiver", AttributeValue.fromS("signed"))));
        Map<String, AttributeValue> after = ddb.updateItem(b -> b.tableName("t").key(key("a"))
                .updateExpression("SET #crew = :crew, #w = if_not_exists(#w, :pending), #v = if_not_exists(#v, :zero) + :one REMOVE gone")
                .expressionAttributeNames(Map.of("#crew", "crew", "#w", "waiver", "#v", "version"))
                .expressionAttributeValues(Map.of(":crew", AttributeValue.fromL(java.util.List.of(AttributeValue.fromS("Captain Sarah"))),
                        ":pending", AttributeValue.fromS("pending"), ":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        assertThat(after.get("waiver").s()).isEqualTo("signed");
        assertThat(after.get("version").n()).isEqualTo("1");
        assertThat(after.get("crew").l()).hasSize(1);
    }

    @Test
    void optimisticVersionConditionFailsOnAStaleVersion() {
        ddb.putItem(b -> b.tableName("t").item(Map.of("id", AttributeValue.fromS("a"), "version", AttributeValue.fromN("2"))));
        assertThatThrownBy(() -> ddb.updateItem(b -> b.tableName("t").key(key("a")).updateExpression("SET x = :x")
                .conditionExpression("version = :v AND (attribute_not_exists(owner) OR owner = :o)")
                .expressionAttributeValues(Map.of(":x", AttributeValue.fromS("x"), ":v", AttributeValue.fromN("1"),
                        ":o", AttributeValue.fromS("me")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void scanFiltersAndPagesWithLimit() {
        for (int i = 0; i < 7; i++) {
            String id = "i" + i;
            int n = i;
            ddb.putItem(b -> b.tableName("t").item(Map.of("id", AttributeValue.fromS(id), "n", AttributeValue.fromN(Integer.toString(n)))));
        }
        Set<String> seen = new HashSet<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = ddb.scan(b -> b.tableName("t").limit(3).exclusiveStartKey(from)
                    .filterExpression("n >= :min").expressionAttributeValues(Map.of(":min", AttributeValue.fromN("2"))));
            page.items().forEach(i -> seen.add(i.get("id").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertThat(seen).containsExactlyInAnyOrder("i2", "i3", "i4", "i5", "i6");
    }

    @Test
    void everyAccessKeySeesTheSameTablesAndTheyOutliveARestart() throws Exception {
        ddb.putItem(b -> b.tableName("t").item(key("kept")));
        try (DynamoDbClient other = client(standIn.port(), "another-key")) {
            assertThat(other.getItem(b -> b.tableName("t").key(key("kept"))).item()).isNotEmpty();
        }
        standIn.close();
        standIn = new DynamoDbStandIn(data).start("127.0.0.1", 0);
        try (DynamoDbClient restarted = client(standIn.port(), "k")) {
            assertThat(restarted.getItem(b -> b.tableName("t").key(key("kept"))).item()).isNotEmpty();
        }
    }

    @Test
    void unknownTableIsResourceNotFound() {
        assertThatThrownBy(() -> ddb.getItem(b -> b.tableName("nope").key(key("a"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }
}
