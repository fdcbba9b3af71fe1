package com.jada.chartersync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.localcloud.LocalCloud;
import com.jada.chartersync.record.TableInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure paths against the real local cloud: a layer that fails is reported against that layer, once, retried
 * at the remote side, and recovered without re-uploading what is current; nothing is lost when the dead-letter
 * table is gone or the links table is emptied.
 */
class FailurePathsTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    LocalCloud cloud;
    @Autowired
    CharterSyncProperties properties;
    @Value("${charter.sync.max-redeliveries}")
    int maxRedeliveries;
    @Value("${charter.dead-letters.journal}")
    String journal;

    private String insert(String guest, String day) throws Exception {
        return sandbox.insertEvent(guest + " – Sail", "Guest: " + guest + "\nArrive by: 10:00\nCaptain: Sarah\nCrew: Darrell",
                "2026-06-" + day + "T10:30:00-07:00", "2026-06-" + day + "T12:00:00-07:00");
    }

    /** Open dead letters (other tests leave malformed events in the shared calendar: only growth counts). */
    private int openDeadLetters() throws Exception {
        return JSON.readTree(rest.getForObject("/api/dead-letters", String.class)).size();
    }

    private List<String> openIds() throws Exception {
        List<String> out = new ArrayList<>();
        JSON.readTree(rest.getForObject("/api/dead-letters", String.class)).forEach(l -> out.add(l.path("id").asText()));
        return out;
    }

    private List<JsonNode> deadLettersOf(String calendarEventId) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode letter : JSON.readTree(rest.getForObject("/api/dead-letters", String.class))) {
            if (calendarEventId.equals(letter.path("calendarEventId").asText())) {
                out.add(letter);
            }
        }
        return out;
    }

    @Test
    void waiverOutageRetriesTheFunctionRecordsEachLayerOnItsOwnAndDeadLettersOnce() throws Exception {
        String calendarId = insert("Wilma", "12");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();
        dynamo.deleteTable(b -> b.tableName(properties.tables().waivers()));
        try {
            sandbox.patchDescription(calendarId, "Guest: Wilma\nArrive by: 10:00\nCaptain: Sarah\nUpdated crew: Gene");
            int invokedBefore = cloud.lambda().invocations();
            CycleSummary change = cycles.runCycle("test");

            assertThat(cloud.lambda().invocations() - invokedBefore).as("the function is invoked again on each retry")
                    .isEqualTo(1 + maxRedeliveries);
            assertThat(change.calls()).containsEntry("lambda.Invoke", (long) (1 + maxRedeliveries));
            assertThat(change.deadLettered()).isEqualTo(1);
            assertThat(change.pagesVerified()).isEqualTo(1);

            JsonNode state = JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class)).path("layers");
            assertThat(state.path("page").path("agrees").asBoolean()).as("S3 holds what was published").isTrue();
            assertThat(state.path("edge").path("agrees").asBoolean()).as("the edge serves it").isTrue();
            assertThat(state.path("waiver").path("agrees").asBoolean()).isFalse();
            assertThat(state.path("waiver").path("reason").asText()).contains("waiver");

            ResponseEntity<String> overall = rest.getForEntity("/actuator/health", String.class);
            JsonNode health = JSON.readTree(overall.getBody());
            // the waiver function failing is DEGRADED: its checks wait and are redriven, pages still go out
            assertThat(health.path("components").path("lambdaHealth").path("status").asText()).isEqualTo("DEGRADED");
            List<String> down = new ArrayList<>();
            health.path("components").properties().forEach(c -> {
                if ("DOWN".equals(c.getValue().path("status").asText())) {
                    down.add(c.getKey());
                }
            });
            assertThat(overall.getStatusCode().value()).as("503 only for what is DOWN besides the waiver function: " + down)
                    .isEqualTo(down.isEmpty() ? 200 : 503);

            List<String> openBefore = openIds();
            for (int i = 0; i < 2; i++) {
                CycleSummary reconcile = cycles.reconcile("test");
                assertThat(reconcile.pagesUploaded()).as("the page is current: nothing to upload").isZero();
                assertThat(reconcile.pathsInvalidated()).isZero();
            }
            // (a redrive in these cycles may resolve what other tests left: only additions count)
            assertThat(openBefore).as("no dead letter added").containsAll(openIds());
            assertThat(deadLettersOf(calendarId)).as("one entry for the failure").hasSize(1);
        } finally {
            TableInitializer.ensureAll(dynamo, properties.tables());
        }
        JsonNode letter = deadLettersOf(calendarId).get(0);
        ResponseEntity<String> replay = rest.postForEntity("/api/dead-letters/" + letter.path("id").asText() + "/replay",
                null, String.class);
        assertThat(replay.getStatusCode().value()).isEqualTo(200);
        assertThat(deadLettersOf(calendarId)).as("resolved by the replay").isEmpty();
        JsonNode state = JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class));
        assertThat(state.path("layers").path("waiver").path("agrees").asBoolean()).isTrue();
    }

    @Test
    void aRepeatedFailureCountsOnOneEntryAndALaterSuccessResolvesIt() throws Exception {
        String calendarId = insert("Rita", "12");
        cloud.stopS3();
        try {
            cycles.runCycle("test");
            // the same version again, as an operator's sync of the calendar event would take it
            cycles.reconcile("test");
        } finally {
            cloud.startS3();
        }
        List<JsonNode> letters = deadLettersOf(calendarId);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("occurrences").asInt()).isEqualTo(2);
        assertThat(letters.get(0).path("routeId").asText()).isEqualTo("page-publish");

        CycleSummary recovered = cycles.reconcile("test");
        assertThat(recovered.pagesVerified()).isPositive();
        assertThat(deadLettersOf(calendarId)).as("resolved by the later success").isEmpty();
    }

    @Test
    void aDependencyThatIsDownStopsBeingRetriedOnceThreeEventsGaveUp() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String guest : List.of("Bo", "Cy", "Di", "Ed", "Flo")) {
            ids.add(insert(guest, "15"));
        }
        CycleSummary down;
        cloud.stopS3();
        try {
            down = cycles.runCycle("test");
        } finally {
            cloud.startS3();
        }
        assertThat(down.deadLettered()).isEqualTo(5);
        // the events are worked on side by side: those already retrying when the third gave up finish their
        // retries, none starts retrying after it (RetryBudgetTest pins the rule itself)
        assertThat(down.calls().get("s3.PutObject")).as("at least three events retried in full, nobody beyond the budget")
                .isBetween(3L * (1 + maxRedeliveries) + 2, 5L * (1 + maxRedeliveries));
        cycles.reconcile("test");
        for (String id : ids) {
            assertThat(deadLettersOf(id)).isEmpty();
        }
    }

    @Test
    void deadLettersWaitInALocalJournalWhileTheirTableIsGone() throws Exception {
        String calendarId = insert("Jules", "13");
        dynamo.deleteTable(b -> b.tableName(properties.tables().deadLetters()));
        CycleSummary failed;
        cloud.stopS3();
        try {
            failed = cycles.runCycle("test");
        } finally {
            cloud.startS3();
            TableInitializer.ensureAll(dynamo, properties.tables());
        }
        assertThat(failed.deadLettered()).as("stored, in the journal").isEqualTo(1);
        assertThat(Files.readString(Path.of(journal))).contains(calendarId);
        assertThat(deadLettersOf(calendarId)).as("listed while it waits").hasSize(1);

        cycles.runCycle("test");
        assertThat(Files.readString(Path.of(journal))).doesNotContain(calendarId);
        assertThat(dynamo.scan(b -> b.tableName(properties.tables().deadLetters())).items())
                .anyMatch(i -> i.containsKey("calendarEventId") && calendarId.equals(i.get("calendarEventId").s()));
    }

    /** A waiver dead letter of the event's next version: the waiver function fails while that version syncs. */
    private JsonNode waiverDeadLetterOf(String calendarId, String guest, String crew) throws Exception {
        dynamo.deleteTable(b -> b.tableName(properties.tables().waivers()));
        try {
            sandbox.patchDescription(calendarId, "Guest: " + guest + "\nArrive by: 10:00\nCaptain: Sarah\nUpdated crew: " + crew);
            assertThat(cycles.runCycle("test").deadLettered()).isEqualTo(1);
        } finally {
            TableInitializer.ensureAll(dynamo, properties.tables());
        }
        List<JsonNode> letters = deadLettersOf(calendarId);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("routeId").asText()).isEqualTo("waiver-verify");
        return letters.get(0);
    }

    @Test
    void supersededDeadLetterIsResolvedByTheNewerVersion() throws Exception {
        String calendarId = insert("Sunny", "13");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();

        // a crew correction after the waiver check failed: the newer version resolves the old version's entry
        waiverDeadLetterOf(calendarId, "Sunny", "Gene");
        sandbox.patchDescription(calendarId, "Guest: Sunny\nArrive by: 10:00\nCaptain: Sarah\nUpdated crew: Ivy");
        cycles.runCycle("test");
        assertThat(deadLettersOf(calendarId)).as("superseded by the version the cycle processed").isEmpty();

        // a replay of a superseded entry takes the calendar's current version, never the stored payload
        JsonNode old = waiverDeadLetterOf(calendarId, "Sunny", "Marcus");
        JsonNode current = sandbox.patchDescription(calendarId, "Guest: Sunny\nArrive by: 10:00\nCaptain: Sarah\nUpdated crew: Ann");
        ResponseEntity<String> replay = rest.postForEntity("/api/dead-letters/" + old.path("id").asText() + "/replay",
                null, String.class);
        assertThat(replay.getStatusCode().value()).as(replay.getBody()).isEqualTo(200);
        assertThat(JSON.readTree(replay.getBody()).path("replayed").asBoolean()).isTrue();
        assertThat(records.item(eventId).get("calendarEtag").s()).isEqualTo(current.path("etag").asText());
        assertThat(deadLettersOf(calendarId)).as("no page-verify entry from comparing an old page").isEmpty();
        JsonNode layers = JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class)).path("layers");
        assertThat(layers.path("edge").path("agrees").asBoolean()).as(layers.toString()).isTrue();
        assertThat(layers.path("waiver").path("agrees").asBoolean()).as(layers.toString()).isTrue();
        assertThat(rest.getForObject("/", String.class)).as("the board lists no dead letter of the charter")
                .doesNotContain("data-id=\"" + old.path("id").asText() + "\"");
    }

    @Test
    void unreadableDeadLetterTableListsTheJournal() throws Exception {
        String calendarId = insert("Oona", "13");
        dynamo.deleteTable(b -> b.tableName(properties.tables().deadLetters()));
        try {
            cloud.stopS3();
            try {
                assertThat(cycles.runCycle("test").deadLettered()).as("kept in the journal").isEqualTo(1);
            } finally {
                cloud.startS3();
            }
            ResponseEntity<String> listed = rest.getForEntity("/api/dead-letters", String.class);
            assertThat(listed.getStatusCode().value()).as(listed.getBody()).isEqualTo(200);
            assertThat(listed.getHeaders().getFirst("Dead-Letter-Table-Unreadable"))
                    .contains(properties.tables().deadLetters()).contains("cannot be read");
            List<JsonNode> journaled = new ArrayList<>();
            JSON.readTree(listed.getBody()).forEach(l -> {
                if (calendarId.equals(l.path("calendarEventId").asText())) {
                    journaled.add(l);
                }
            });
            assertThat(journaled).hasSize(1);
            assertThat(journaled.get(0).path("journaled").asBoolean()).isTrue();
            assertThat(journaled.get(0).path("tableUnreadable").asText()).contains("cannot be read");

            String board = rest.getForObject("/", String.class);
            assertThat(board).contains("only the entries kept in the local journal are listed")
                    .contains(journaled.get(0).path("id").asText()).doesNotContain("nothing has failed");
        } finally {
            TableInitializer.ensureAll(dynamo, properties.tables());
        }
        cycles.runCycle("test");
        assertThat(rest.getForEntity("/api/dead-letters", String.class).getHeaders()
                .containsKey("Dead-Letter-Table-Unreadable")).as("the table answers again").isFalse();
        String id = deadLettersOf(calendarId).get(0).path("id").asText();
        assertThat(rest.postForEntity("/api/dead-letters/" + id + "/replay", null, String.class).getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void losingTheLinksTableNeverMakesASecondRecord() throws Exception {
        cycles.runCycle("test");
        long before = dynamo.scan(b -> b.tableName(properties.tables().events())).count();
        int openBefore = openDeadLetters();
        dynamo.deleteTable(b -> b.tableName(properties.tables().links()));
        TableInitializer.ensureAll(dynamo, properties.tables());

        cycles.reconcile("test");

        assertThat(openDeadLetters()).isEqualTo(openBefore);
        assertThat(dynamo.scan(b -> b.tableName(properties.tables().events())).count()).isEqualTo(before);
        assertThat(records.linkedId(records.item("quinn-saturday-2026-05-31").get("calendarEventId").s()))
                .contains("quinn-saturday-2026-05-31");
        assertThat(dynamo.getItem(b -> b.tableName(properties.tables().events())
                .key(Map.of("eventId", AttributeValue.fromS("quinn-sunday-2026-05-31")))).item()).isEmpty();
    }

    @Test
    void aSecondTriggerWhileACycleRunsAnswersAtOnce() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        cloud.calendar().onNextList(() -> {
            inside.countDown();
            await(release);
        });
        var pool = Executors.newSingleThreadExecutor();
        try {
            Future<CycleSummary> running = pool.submit(() -> cycles.runCycle("test"));
            assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            ResponseEntity<String> second = rest.postForEntity("/api/sync", null, String.class);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(second.getStatusCode().value()).isEqualTo(409);
            assertThat(JSON.readTree(second.getBody()).path("runningCycleId").asText()).isNotBlank();
            assertThat(millis).as("answered without waiting for the running cycle").isLessThan(5_000);
            assertThat(cycles.runCycle("timer")).as("a poll tick is skipped").isNull();
            release.countDown();
            assertThat(running.get(30, TimeUnit.SECONDS)).isNotNull();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void unreadableRecordsSayBoardCannotReadThem() throws Exception {
        cycles.runCycle("test");
        String events = properties.tables().events();
        List<Map<String, AttributeValue>> kept = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(events)).items().forEach(kept::add);
        dynamo.deleteTable(b -> b.tableName(events));
        try {
            String board = rest.getForObject("/", String.class);
            assertThat(board).contains("could not be read from DynamoDB", "the calendar holds")
                    .doesNotContain("No charters on these days yet");
        } finally {
            TableInitializer.ensureAll(dynamo, properties.tables());
            kept.forEach(item -> dynamo.putItem(b -> b.tableName(events).item(item)));
        }
        assertThat(rest.getForObject("/", String.class)).doesNotContain("could not be read from DynamoDB");
    }
}
