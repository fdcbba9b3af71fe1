package com.jada.chartersync.localcloud.dynamodb;

import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.localcloud.LocalCloud;
import com.jada.chartersync.record.TableDefinitions;
import com.jada.chartersync.record.TableInitializer;
import com.jada.chartersync.waiver.WaiverService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local cloud's DynamoDB is dynalite: strict as DynamoDB, durable across restarts, gone with its JVM. */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
class DynaliteProcessTest {

    static final Path HOME = Path.of("src/test/dynalite");
    static final CharterSyncProperties.Tables TABLES = new CharterSyncProperties.Tables("jada-events",
            "jada-calendar-links", "jada-dead-letters", "jada-waivers", "jada-sync-state", "jada-processed-events");

    @TempDir
    Path data;

    @SuppressWarnings("try") // the resource is held for the test's length, not used by name
    @Test
    void refusesWhatDynamoDbRefusesAndAnswersAnIndexQuery() throws Exception {
        int port = SandboxPorts.freePort();
        try (DynaliteProcess dynalite = DynaliteProcess.start(HOME, "127.0.0.1", port, data.resolve("db"));
             DynamoDbClient client = client(port)) {
            TableInitializer.ensureAll(client, TABLES);
            // a reserved word without ExpressionAttributeNames: DynamoDB answers ValidationException
            assertThatThrownBy(() -> client.updateItem(b -> b.tableName("jada-events")
                    .key(Map.of("eventId", AttributeValue.fromS("e1")))
                    .updateExpression("SET status = :s").expressionAttributeValues(Map.of(":s", AttributeValue.fromS("x")))))
                    .isInstanceOf(DynamoDbException.class).hasMessageContaining("reserved keyword");
            // an expression value nobody uses is refused too
            assertThatThrownBy(() -> client.putItem(b -> b.tableName("jada-events")
                    .item(Map.of("eventId", AttributeValue.fromS("e1")))
                    .expressionAttributeValues(Map.of(":unused", AttributeValue.fromS("x")))))
                    .isInstanceOf(DynamoDbException.class);
            client.putItem(b -> b.tableName("jada-waivers").item(Map.of("waiverId", AttributeValue.fromS("w1"),
                    "eventId", AttributeValue.fromS("e1"))));
            client.putItem(b -> b.tableName("jada-waivers").item(Map.of("waiverId", AttributeValue.fromS("w2"),
                    "eventId", AttributeValue.fromS("e2"))));
            int count = client.query(b -> b.tableName("jada-waivers").indexName(WaiverService.EVENT_INDEX)
                    .keyConditionExpression("eventId = :e").expressionAttributeValues(Map.of(":e", AttributeValue.fromS("e1")))
                    .select("COUNT")).count();
            assertThat(count).isEqualTo(1);
        }
    }

    @SuppressWarnings("try") // the resource is held for the test's length, not used by name
    @Test
    void dataSurvivesARestartAndTheProcessEndsOnClose() throws Exception {
        int port = SandboxPorts.freePort();
        long pid;
        try (DynaliteProcess dynalite = DynaliteProcess.start(HOME, "127.0.0.1", port, data.resolve("db"));
             DynamoDbClient client = client(port)) {
            pid = dynalite.pid();
            TableInitializer.ensureAll(client, TABLES);
            client.putItem(b -> b.tableName("jada-events").item(Map.of("eventId", AttributeValue.fromS("kept"))));
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
        try (DynaliteProcess again = DynaliteProcess.start(HOME, "127.0.0.1", port, data.resolve("db"));
             DynamoDbClient client = client(port)) {
            assertThat(client.getItem(b -> b.tableName("jada-events").key(Map.of("eventId", AttributeValue.fromS("kept"))))
                    .item()).containsKey("eventId");
        }
    }

    @SuppressWarnings("try") // the resource is held for the test's length, not used by name
    @Test
    void waiversTableFromBeforeTheDateIndexIsRebuiltWithItAndItsWaiversDated() throws Exception {
        int port = SandboxPorts.freePort();
        try (DynaliteProcess dynalite = DynaliteProcess.start(HOME, "127.0.0.1", port, data.resolve("db"));
             DynamoDbClient client = client(port)) {
            assertThat(LocalCloud.rebuildTablesMissingIndexes(client, TABLES)).as("no tables yet: nothing to rebuild").isFalse();
            TableDefinitions.Table old = new TableDefinitions.Table("jada-waivers", "waiverId",
                    List.of(new TableDefinitions.Index(WaiverService.EVENT_INDEX, "eventId")), null);
            client.createTable(old.createRequest());
            // dynalite answers CreateTable while the table is CREATING: a write before it is ACTIVE is refused
            for (int i = 0; i < 100 && client.describeTable(b -> b.tableName("jada-waivers")).table().tableStatus()
                    != software.amazon.awssdk.services.dynamodb.model.TableStatus.ACTIVE; i++) {
                Thread.sleep(50);
            }
            client.putItem(b -> b.tableName("jada-waivers").item(Map.of("waiverId", AttributeValue.fromS("e1#ada#1990-01-01"),
                    "eventId", AttributeValue.fromS("e1"), "participantName", AttributeValue.fromS("Ada"))));
            TableDefinitions.Table current = TableDefinitions.all(TABLES).stream()
                    .filter(t -> t.name().equals("jada-waivers")).findFirst().orElseThrow();
            // dynalite acknowledges UpdateTable's new index without building it: the local cloud rebuilds the table
            TableInitializer.ensureAll(client, TABLES);
            assertThat(TableInitializer.missingIndexes(current, client.describeTable(b -> b.tableName("jada-waivers")).table()))
                    .extracting(TableDefinitions.Index::name).containsExactly(WaiverService.DATE_INDEX);

            assertThat(LocalCloud.rebuildTablesMissingIndexes(client, TABLES)).isTrue();
            client.putItem(b -> b.tableName("jada-events").item(Map.of("eventId", AttributeValue.fromS("e1"),
                    "eventDate", AttributeValue.fromS("2026-05-31"))));
            new WaiverService(client, "jada-events", "jada-waivers").dateWaivers();

            assertThat(TableInitializer.missingIndexes(current, client.describeTable(b -> b.tableName("jada-waivers")).table()))
                    .isEmpty();
            assertThat(client.query(b -> b.tableName("jada-waivers").indexName(WaiverService.DATE_INDEX)
                    .keyConditionExpression("eventDate = :d").expressionAttributeValues(Map.of(":d", AttributeValue.fromS("2026-05-31"))))
                    .items()).extracting(i -> i.get("participantName").s()).containsExactly("Ada");
            assertThat(LocalCloud.rebuildTablesMissingIndexes(client, TABLES)).as("nothing left to rebuild").isFalse();
        }
    }

    @Test
    void noDynaliteIsLeftWhenItsJvmIsKilled() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(),
                Integer.toString(SandboxPorts.freePort()), data.resolve("db").toString())
                .redirectErrorStream(true).start();
        long dynalitePid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("dynalite-pid="));
            assertThat(line).as("the holder JVM started dynalite").isNotNull();
            dynalitePid = Long.parseLong(line.substring("dynalite-pid=".length()).strip());
            assertThat(ProcessHandle.of(dynalitePid).map(ProcessHandle::isAlive)).contains(true);
            holder.destroyForcibly().waitFor();  // SIGKILL: no shutdown hook, no close()
        }
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (ProcessHandle.of(dynalitePid).map(ProcessHandle::isAlive).orElse(false) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(dynalitePid).map(ProcessHandle::isAlive).orElse(false))
                .as("dynalite outlived the JVM that started it").isFalse();
    }

    /** A JVM that starts dynalite and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            DynaliteProcess d = DynaliteProcess.start(HOME, "127.0.0.1", Integer.parseInt(args[0]), Path.of(args[1]));
            System.out.println("dynalite-pid=" + d.pid());
            System.out.flush();
            Thread.sleep(Duration.ofMinutes(2).toMillis());
        }
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
    }
}
