package com.jada.chartersync.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.sync.SandboxClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13, item 7: every dependency faulted at the protocol level, in one runtime. The runtime's endpoints for
 * the calendar, DynamoDB, S3, CloudFront, the edge and Lambda point at a {@link FaultProxy} in front of each local
 * service. Each case makes a calendar change (so the cycle has work), injects its fault at one step of the cycle,
 * runs a cycle, removes the fault, and then recovers as the product does it with nobody at the keyboard: at most
 * {@value #RECOVERY_CYCLES} ordinary cycles, whose redrive takes the dead letters again (its backoff shortened by
 * settings, the production code path), no replay, no reconcile. After that the {@link InvariantChecker} must
 * pass: nothing lost, nothing duplicated, signed waivers and hand-made records untouched, no dead letter left.
 *
 * <p>Each case also proves the fault was felt: the proxy counted the requests it faulted (at least one per attempt
 * the runtime makes), or, for a refused connection, the faulted cycle reported a failure. Every case adds a row to
 * {@code target/fault-table.md}. Retries are quick (2 redeliveries, 20 ms) and every client times out after 1 s.
 * {@code -Dfaults.only=<regex>} runs the cases whose name matches.
 */
@SpringBootTest(classes = CharterSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.jmx.enabled=false", "camel.main.jmx-enabled=false",
                // the evening before the sample weekend: the charters have not sailed, so no redrive gives up
                "charter.clock.fixed=2026-05-30T20:00:00-07:00",
                // the production backoff, compressed: a dead letter is due again from the next cycle on
                "charter.dead-letters.redrive.first-after=50ms", "charter.dead-letters.redrive.max-between=200ms",
                // the lease goes through the DynamoDB proxy too, so a DynamoDB fault may depose the runtime: a short
                // lease lets it lead again soon after the fault is removed
                "charter.cluster.lease-duration=3s", "charter.cluster.renewal-period=500ms",
                "charter.cluster.safety-margin=1s"})
@ActiveProfiles("local")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(1);
    /** Beyond every client's timeout: the answer comes, but nobody waits for it any more. */
    private static final Duration LATE = Duration.ofMillis(1500);
    private static final int CAMEL_ATTEMPTS = 3;
    /** Ordinary cycles after the fault is removed within which every layer must be back, nobody replaying. */
    private static final int RECOVERY_CYCLES = 4;
    /** The same after an outage in the middle of a 300-change cycle (the redrive takes 200 events a cycle). */
    private static final int OUTAGE_RECOVERY_CYCLES = 6;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final FaultProxy.Match PUT_OBJECT = FaultProxy.Match.method("PUT")
            .and(FaultProxy.Match.path("/jada-guest-pages/.+")).named("PutObject");

    private static final SandboxPorts PORTS = new SandboxPorts();
    private static final Map<String, FaultProxy> PROXIES = startProxies();
    /** The calendar ids of the 300 charters the mid-cycle outage cases add, then change. */
    private static final List<String> TIDES = new ArrayList<>();
    private static final List<Row> ROWS = new ArrayList<>();
    private static final SandboxClient SANDBOX = new SandboxClient(PORTS.calendar, PORTS.edge);
    private static final List<String> CHANGEABLE = new ArrayList<>();
    private static int changes;
    private static InvariantChecker checker;
    /** Whether the last case left every layer in line (then the next needs no repair, nor a check to find out). */
    private static boolean lastEndedClean;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @DynamicPropertySource
    static void pointTheRuntimeAtTheProxies(DynamicPropertyRegistry registry) {
        PORTS.register(registry);
        registry.add("charter.calendar.root-url", () -> PROXIES.get("calendar").url() + "/");
        registry.add("charter.aws.dynamodb-endpoint", () -> PROXIES.get("dynamodb").url());
        registry.add("charter.aws.s3-endpoint", () -> PROXIES.get("s3").url());
        registry.add("charter.aws.cloudfront-endpoint", () -> PROXIES.get("cloudfront").url());
        registry.add("charter.aws.lambda-endpoint", () -> PROXIES.get("lambda").url());
        registry.add("charter.pages.edge-url", () -> PROXIES.get("edge").url());
        registry.add("charter.aws.socket-timeout", CLIENT_TIMEOUT::toString);
        registry.add("charter.calendar.read-timeout", CLIENT_TIMEOUT::toString);
        registry.add("charter.sync.verify-timeout", CLIENT_TIMEOUT::toString);
    }

    private static Map<String, FaultProxy> startProxies() {
        try {
            Map<String, FaultProxy> p = new LinkedHashMap<>();
            p.put("calendar", FaultProxy.start("calendar", PORTS.calendar));
            p.put("dynamodb", FaultProxy.start("dynamodb", PORTS.dynamodb));
            p.put("s3", FaultProxy.start("s3", PORTS.s3));
            p.put("cloudfront", FaultProxy.start("cloudfront", PORTS.cloudfront));
            p.put("edge", FaultProxy.start("edge", PORTS.edge));
            p.put("lambda", FaultProxy.start("lambda", PORTS.lambda));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the cases -----------------------------------------------------------------------------

    /** One fault at one step: which proxy, which requests, what happens to them, how often (or a refusal). */
    record Case(String dependency, String fault, FaultProxy.Match step, Fault action, int times) {

        static Case refused(String dependency) {
            return new Case(dependency, "connection refused", FaultProxy.Match.any().named("every connection"), null, 0);
        }

        boolean refuses() {
            return action == null;
        }

        String name() {
            return dependency + ": " + fault;
        }

        @Override
        public String toString() {
            return name() + " at " + step.description() + (refuses() ? "" : times == FaultProxy.ALWAYS ? ", every time" : ", " + times + "x");
        }
    }

    static Stream<Case> cases() {
        FaultProxy.Match calendarList = FaultProxy.Match.method("GET").and(FaultProxy.Match.path("/calendar/v3/calendars/[^/]+/events"))
                .named("events.list");
        FaultProxy.Match putObject = FaultProxy.Match.method("PUT").and(FaultProxy.Match.path("/jada-guest-pages/.+"))
                .named("PutObject");
        FaultProxy.Match invalidation = FaultProxy.Match.method("POST").and(FaultProxy.Match.path(".*/invalidation"))
                .named("CreateInvalidation");
        FaultProxy.Match page = FaultProxy.Match.method("GET").named("GET page");
        FaultProxy.Match invoke = FaultProxy.Match.path("/2015-03-31/functions/[^/]+/invocations").named("Invoke");
        int always = FaultProxy.ALWAYS;
        List<Case> all = List.of(
                new Case("calendar", "503 backendError", calendarList, ServiceFaults.googleBackendError503(), always),
                new Case("calendar", "403 rateLimitExceeded", calendarList, ServiceFaults.googleRateLimitExceeded403(), always),
                new Case("calendar", "429 rateLimitExceeded", calendarList, ServiceFaults.googleTooManyRequests429(), always),
                new Case("calendar", "timeout", calendarList, Fault.slowResponse(LATE), 1),
                Case.refused("calendar"),
                new Case("calendar", "truncated body", calendarList, Fault.truncate(), always),

                new Case("dynamodb", "500 InternalServerError", FaultProxy.Match.amzTarget("UpdateItem"),
                        ServiceFaults.dynamoInternalServerError(), 4),
                new Case("dynamodb", "ThrottlingException", FaultProxy.Match.amzTarget("GetItem"), ServiceFaults.dynamoThrottling(), 2),
                new Case("dynamodb", "ProvisionedThroughputExceededException", FaultProxy.Match.amzTarget("PutItem"),
                        ServiceFaults.dynamoProvisionedThroughputExceeded(), 2),
                new Case("dynamodb", "timeout", FaultProxy.Match.amzTarget("UpdateItem"), Fault.slowResponse(LATE), 1),
                Case.refused("dynamodb"),
                new Case("dynamodb", "truncated body", FaultProxy.Match.amzTarget("PutItem"), Fault.truncate(), 1),

                new Case("s3", "500 InternalError", putObject, ServiceFaults.s3InternalError(), always),
                new Case("s3", "503 SlowDown", putObject, ServiceFaults.s3SlowDown(), 2),
                new Case("s3", "timeout", putObject, Fault.slowResponse(LATE), 1),
                Case.refused("s3"),
                new Case("s3", "truncated answer", putObject, Fault.truncate(), 1),

                new Case("cloudfront", "503 ServiceUnavailable", invalidation, ServiceFaults.cloudFrontServiceUnavailable(), always),
                new Case("cloudfront", "400 TooManyInvalidationsInProgress", invalidation,
                        ServiceFaults.cloudFrontTooManyInvalidationsInProgress(), always),
                new Case("cloudfront", "timeout", invalidation, Fault.slowResponse(LATE), 1),
                Case.refused("cloudfront"),
                new Case("cloudfront", "truncated body", invalidation, Fault.truncate(), 1),

                new Case("edge", "503", page, ServiceFaults.edgeServiceUnavailable(), always),
                new Case("edge", "timeout", page, Fault.slowResponse(LATE), 1),
                Case.refused("edge"),
                new Case("edge", "truncated body", page, Fault.truncate(), always),

                new Case("lambda", "500 ServiceException", invoke, ServiceFaults.lambdaServiceException(), always),
                new Case("lambda", "429 TooManyRequestsException", invoke, ServiceFaults.lambdaTooManyRequests(), 2),
                new Case("lambda", "timeout", invoke, Fault.slowResponse(LATE), 1),
                Case.refused("lambda"),
                new Case("lambda", "truncated body", invoke, Fault.truncate(), 1));
        Pattern only = Pattern.compile(System.getProperty("faults.only", ".*"));
        return all.stream().filter(c -> only.matcher(c.toString()).find());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Order(1)
    void afterTheFaultIsRemovedOrdinaryCyclesBringEveryLayerBackWithNoOperatorAction(Case c) throws Exception {
        long t0 = System.nanoTime();
        prepare();
        List<String> before = lastEndedClean ? List.of() : repairLeftovers();
        InvariantChecker.Snapshot snapshot = checker.snapshot();
        changeTheCalendar();
        FaultProxy proxy = PROXIES.get(c.dependency());
        proxy.forget();

        FaultProxy.Rule rule = null;
        if (c.refuses()) {
            proxy.refuseConnections();
        } else {
            rule = proxy.inject(c.step(), c.action(), c.times());
        }
        long t1 = System.nanoTime();
        JsonNode faulted;
        try {
            faulted = sync();
        } finally {
            proxy.pass();
        }
        int injected = rule == null ? 0 : rule.injected();
        long t2 = System.nanoTime();

        // nobody replays or reconciles: ordinary cycles only, their redrive of the dead letters included
        int cycles = 0;
        InvariantChecker.Report report = null;
        while (cycles < RECOVERY_CYCLES) {
            cycles++;
            sync();
            report = checker.check(snapshot);
            if (report.clean()) {
                break;
            }
        }
        List<String> violations = new ArrayList<>(report.violations());
        violations.removeAll(before);
        lastEndedClean = report.clean();
        System.out.printf("fault case %s: before %d ms, faulted cycle %d ms, recovery and checks %d ms%n", c.name(),
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        ROWS.add(new Row(c, rule == null ? "refused" : Integer.toString(injected), violations.isEmpty(), cycles,
                lost(violations), duplicated(violations), faulted, violations, before));

        if (c.refuses()) {
            assertThat(faulted.path("failures")).as("the cycle met the refused connections").isNotEmpty();
        } else {
            int minimum = c.times() == FaultProxy.ALWAYS ? CAMEL_ATTEMPTS : c.times();
            assertThat(injected).as("requests the proxy faulted (each attempt the runtime made)").isGreaterThanOrEqualTo(minimum);
        }
        assertThat(violations).as("invariants after the fault was removed and %d recovery cycle(s)", cycles).isEmpty();
    }

    /**
     * S3, or DynamoDB, goes down for {@link #OUTAGE} in the middle of a 300-change cycle (after 100 uploads) and comes
     * back; nobody calls replay or reconcile. Ordinary cycles finish the job: every page back in S3 and at the edge, no dead letter left.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"s3", "dynamodb"})
    @Order(3)
    void anOutageInTheMiddleOfA300ChangeCycleHealsWithNoOperatorAction(String dependency) throws Exception {
        prepare();
        List<String> before = lastEndedClean ? List.of() : repairLeftovers();
        InvariantChecker.Snapshot snapshot = checker.snapshot();
        // 300 new charters the first time, a crew change of each of them after: the window stays at about 300, so the
        // reconciles of the later cases stay small
        boolean change = TIDES.size() >= 300;
        for (int i = 0; i < 300; i++) {
            String guest = "Tide" + i;
            if (change) {
                SANDBOX.patchDescription(TIDES.get(i), "Guest: " + guest + "\nArrive by: 09:00\nCaptain: Gene\nCrew: "
                        + dependency + i);
                continue;
            }
            String day = "2026-06-" + String.format("%02d", 1 + i % 15);
            TIDES.add(SANDBOX.insertEvent(guest + " – Sail", "Guest: " + guest + "\nArrive by: 09:00\nCaptain: Gene\nCrew: Ivy",
                    day + "T09:30:00-07:00", day + "T11:00:00-07:00"));
        }
        FaultProxy s3 = PROXIES.get("s3");
        FaultProxy down = PROXIES.get(dependency);
        s3.forget();
        long t0 = System.nanoTime();
        java.util.concurrent.CompletableFuture<JsonNode> cycle = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return sync();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (s3.seen(PUT_OBJECT) < 100 && !cycle.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cycle).as("the cycle is still uploading when S3 goes down").isNotDone();
        int uploadedBefore = s3.seen(PUT_OBJECT);
        down.refuseConnections();
        Thread.sleep(OUTAGE.toMillis());
        down.pass();
        JsonNode faulted = cycle.get(3, java.util.concurrent.TimeUnit.MINUTES);
        long t1 = System.nanoTime();

        int cycles = 0;
        InvariantChecker.Report report = null;
        while (cycles < OUTAGE_RECOVERY_CYCLES) {
            cycles++;
            sync();
            report = checker.check(snapshot);
            if (report.clean()) {
                break;
            }
        }
        List<String> violations = new ArrayList<>(report.violations());
        violations.removeAll(before);
        lastEndedClean = report.clean();
        System.out.printf("outage timeline (" + dependency + "): %d PUTs before it went down, faulted cycle %d ms (%d dead-lettered), "
                        + "recovered in %d cycles, %d ms%n", uploadedBefore, (t1 - t0) / 1_000_000,
                faulted.path("deadLettered").asInt(), cycles, (System.nanoTime() - t1) / 1_000_000);
        ROWS.add(new Row(new Case(dependency, "down " + OUTAGE.toSeconds() + " s in the middle of a 300-change cycle",
                FaultProxy.Match.any().named("every connection"), null, 0), "refused", violations.isEmpty(), cycles,
                lost(violations), duplicated(violations), faulted, violations, before));
        assertThat(faulted.path("deadLettered").asInt() + faulted.path("failures").size()).as("the outage was felt: " + faulted)
                .isPositive();
        assertThat(violations).as("invariants after the outage and %d ordinary cycle(s)", cycles).isEmpty();
    }

    /** A dead letter whose charter has sailed is given up, shown so, and no longer tried. */
    @Test
    @Order(2)
    void deadLetterIsGivenUpOnceItsCharterHasSailed() throws Exception {
        prepare();
        if (!lastEndedClean) {
            repairLeftovers();
        }
        // the clock stands on 2026-05-30: a charter of May 29 has sailed
        String calendarId = SANDBOX.insertEvent("Sailed – Sail", "Guest: Sailed\nArrive by: 09:00\nCaptain: Gene\nCrew: Ivy",
                "2026-05-29T09:30:00-07:00", "2026-05-29T11:00:00-07:00");
        FaultProxy s3 = PROXIES.get("s3");
        s3.inject(PUT_OBJECT, ServiceFaults.s3InternalError(), FaultProxy.ALWAYS);
        try {
            sync();
        } finally {
            s3.pass();
        }
        // the next cycle's redrive takes the entry once it is due (a few tens of milliseconds with this test's settings)
        waitUntilDue(deadLetterOf(calendarId));
        sync();
        JsonNode letter = deadLetterOf(calendarId);
        assertThat(letter.path("status").asText()).as(letter.toString()).isEqualTo("given-up");
        assertThat(letter.path("givenUpReason").asText()).contains("the charter has sailed (2026-05-29)");
        s3.forget();
        sync();
        assertThat(s3.seen(PUT_OBJECT)).as("a given-up entry is no longer tried").isZero();
        assertThat(deadLetterOf(calendarId).path("attempts").asInt()).isEqualTo(letter.path("attempts").asInt());
        HttpResponse<String> board = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(board.body()).contains("given up: the charter has sailed (2026-05-29)");

        // the operator may still take it through: a replay ignores the deadline
        assertThat(checker.replay(letter.path("id").asText())).isEqualTo(200);
        lastEndedClean = checker.check(checker.snapshot()).clean();
    }

    /** S3 lost the page a page-verify dead letter is about: the replay uploads it again (not only re-verifies). */
    @Test
    @Order(2)
    void replayOfAPageVerifyDeadLetterUploadsThePageAgain() throws Exception {
        prepare();
        if (!lastEndedClean) {
            repairLeftovers();
        }
        String calendarId = SANDBOX.insertEvent("Verify – Sail", "Guest: Verify\nArrive by: 09:00\nCaptain: Gene\nCrew: Ivy",
                "2026-06-12T13:30:00-07:00", "2026-06-12T15:00:00-07:00");
        FaultProxy edge = PROXIES.get("edge");
        edge.inject(FaultProxy.Match.method("GET").named("GET page"), ServiceFaults.edgeServiceUnavailable(), FaultProxy.ALWAYS);
        try {
            sync();
        } finally {
            edge.pass();
        }
        JsonNode letter = deadLetterOf(calendarId);
        assertThat(letter.path("routeId").asText()).isEqualTo("page-verify");
        String pageKey = checker.scan("jada-events").stream()
                .filter(r -> r.containsKey("calendarEventId") && calendarId.equals(r.get("calendarEventId").s()))
                .findFirst().orElseThrow().get("pageKey").s();
        checker.s3().deleteObject(b -> b.bucket("jada-guest-pages").key(pageKey));

        JsonNode outcome = post("/api/dead-letters/" + java.net.URLEncoder.encode(letter.path("id").asText(),
                java.nio.charset.StandardCharsets.UTF_8) + "/replay");
        assertThat(outcome.path("replayed").asBoolean()).as(outcome.toString()).isTrue();
        assertThat(outcome.path("summary").path("pagesUploaded").asInt()).isEqualTo(1);
        assertThat(checker.bucket()).containsKey(pageKey);
        assertThat(SANDBOX.edge(pageKey).statusCode()).isEqualTo(200);
        InvariantChecker.Report report = checker.check(checker.snapshot());
        lastEndedClean = report.clean();
        assertThat(report.violations()).isEmpty();
    }

    private static void waitUntilDue(JsonNode letter) throws InterruptedException {
        java.time.Instant due = java.time.Instant.parse(letter.path("nextTryAt").asText());
        long wait = Duration.between(java.time.Instant.now(), due).toMillis();
        if (wait > 0) {
            Thread.sleep(wait + 1);
        }
    }

    /** Ordinary cycles within which the runtime makes a lost table or bucket again and republishes, nobody acting. */
    private static final int LOST_RECOVERY_CYCLES = 3;

    /**
     * Issue #23: DynamoDB refusing what we sent (a ValidationException) is our request's fault, not DynamoDB's:
     * its health stays UP right after the refusal.
     */
    @Test
    @Order(4)
    void dynamoDbRefusingOurRequestDoesNotMakeItsHealthDown() throws Exception {
        prepare();
        String eventId = checker.scan("jada-events").stream().filter(r -> r.containsKey("calendarEventId"))
                .findFirst().orElseThrow().get("eventId").s();
        FaultProxy dynamo = PROXIES.get("dynamodb");
        FaultProxy.Rule rule = dynamo.inject(FaultProxy.Match.amzTarget("GetItem"), ServiceFaults.dynamoValidationException(),
                FaultProxy.ALWAYS);
        JsonNode health;
        try {
            get("/api/events/" + eventId);
            health = health().path("components").path("dynamodbHealth");
        } finally {
            dynamo.pass();
        }
        assertThat(rule.injected()).as("the refusal was met").isPositive();
        assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
    }

    /**
     * Issue #24 item 4: the page bucket deleted while the runtime runs. The cycle that meets it gone says so in
     * health (the bucket named); the next makes it again (the local cloud may create resources) and reconciles, so
     * every page is back in S3 and verified at the edge: no replay, no reconcile by anyone.
     */
    @Test
    @Order(2) // before the 300-change case: the reconcile after the loss then reads a window of a few charters
    void theBucketDeletedWhileTheRuntimeRunsIsMadeAgainAndEveryPageRepublished() throws Exception {
        prepare();
        List<String> before = lastEndedClean ? List.of() : repairLeftovers();
        InvariantChecker.Snapshot snapshot = checker.snapshot();
        deleteTheBucket();
        changeTheCalendar();
        JsonNode faulted = sync();
        JsonNode s3 = health().path("components").path("s3Health");
        assertThat(s3.path("status").asText()).as(s3.toString()).isEqualTo("DOWN");
        assertThat(s3.path("details").path("failingResources").has("jada-guest-pages")).as(s3.toString()).isTrue();
        // a dependency DOWN makes the whole 503, while readiness, the runtime's own state, stays 200
        assertThat(status("/actuator/health")).isEqualTo(503);
        assertThat(status("/actuator/health/readiness")).isEqualTo(200);
        recoverFromALoss(new Case("s3", "bucket deleted while the runtime runs", FaultProxy.Match.any().named("the bucket"),
                null, 0), snapshot, before, faulted);
        assertThat(health().path("components").path("s3Health").path("status").asText()).isEqualTo("UP");
    }

    /**
     * A table deleted while the runtime runs: DOWN naming it, and it stays DOWN while another table answers (a
     * record read); the next cycle makes it again and carries on.
     */
    @Test
    @Order(2) // before the 300-change case: the reconcile after the loss then reads a window of a few charters
    void aTableDeletedWhileTheRuntimeRunsIsDownNamedThenMadeAgain() throws Exception {
        prepare();
        List<String> before = lastEndedClean ? List.of() : repairLeftovers();
        InvariantChecker.Snapshot snapshot = checker.snapshot();
        checker.dynamo().deleteTable(b -> b.tableName("jada-calendar-links"));
        changeTheCalendar();
        JsonNode faulted = sync();
        String eventId = checker.scan("jada-events").stream().filter(r -> r.containsKey("calendarEventId"))
                .findFirst().orElseThrow().get("eventId").s();
        get("/api/events/" + eventId); // a call to jada-events that succeeds
        JsonNode dynamo = health().path("components").path("dynamodbHealth");
        assertThat(dynamo.path("status").asText()).as(dynamo.toString()).isEqualTo("DOWN");
        assertThat(dynamo.path("details").path("failingResources").path("jada-calendar-links").asText())
                .as(dynamo.toString()).contains("missing");
        recoverFromALoss(new Case("dynamodb", "jada-calendar-links deleted while the runtime runs",
                FaultProxy.Match.any().named("the table"), null, 0), snapshot, before, faulted);
        assertThat(checker.dynamo().listTables().tableNames()).contains("jada-calendar-links");
        assertThat(health().path("components").path("dynamodbHealth").path("status").asText()).isEqualTo("UP");
    }

    /**
     * The whole local cloud emptied while the runtime runs (every table and the bucket deleted, as an emulator
     * restarted empty): the runtime makes what it needs again and republishes every charter; each guest page shows
     * the photo code it showed before, and each record's waiver counts are what the waivers table holds (empty now:
     * the signatures went with the table). Last: it leaves the world without its hand-made records.
     */
    @Test
    @Order(9)
    void theWholeLocalCloudEmptiedWhileTheRuntimeRunsIsMadeAgainAndRepublished() throws Exception {
        prepare();
        if (!lastEndedClean) {
            repairLeftovers();
        }
        InvariantChecker.Snapshot snapshot = checker.snapshot();
        for (String table : checker.dynamo().listTables().tableNames()) {
            checker.dynamo().deleteTable(b -> b.tableName(table));
        }
        deleteTheBucket();
        long t0 = System.nanoTime();
        sync();
        int cycles = 0;
        List<String> violations;
        do {
            cycles++;
            sync();
            violations = checkAllowingABucketGone(snapshot).stream()
                    // what only the lost tables held: the hand-made records and the signatures
                    .filter(v -> !v.startsWith("hand-made record") && !v.startsWith("signed waivers changed")
                            && !v.startsWith("jada-waivers changed"))
                    .toList();
        } while (!violations.isEmpty() && cycles < LOST_RECOVERY_CYCLES);
        System.out.printf("whole local cloud emptied: recovered in %d cycles, %d ms%n", cycles, (System.nanoTime() - t0) / 1_000_000);
        lastEndedClean = false;
        assertThat(violations).as("after the cloud was emptied and %d ordinary cycle(s)", cycles).isEmpty();
        for (Map<String, AttributeValue> r : checker.scan("jada-events")) {
            if (r.containsKey("calendarEventId") && snapshot.photoCodes().containsKey(r.get("eventId").s())) {
                assertThat(r.get("photoCode").s()).as(r.get("eventId").s()).isEqualTo(snapshot.photoCodes().get(r.get("eventId").s()));
                assertThat(r.containsKey("waiversSigned") ? r.get("waiversSigned").n() : "0").as("waivers signed, from the "
                        + "empty waivers table").isEqualTo("0");
            }
        }
        ROWS.add(new Row(new Case("all", "every table and the bucket deleted while the runtime runs",
                FaultProxy.Match.any().named("the local cloud"), null, 0), "deleted", true, cycles, 0, 0,
                JSON.createObjectNode(), List.of(), List.of()));
    }

    private void recoverFromALoss(Case c, InvariantChecker.Snapshot snapshot, List<String> before, JsonNode faulted)
            throws Exception {
        long t0 = System.nanoTime();
        int cycles = 0;
        List<String> violations;
        do {
            cycles++;
            sync();
            violations = checkAllowingABucketGone(snapshot);
        } while (!violations.isEmpty() && cycles < LOST_RECOVERY_CYCLES);
        lastEndedClean = violations.isEmpty();
        violations.removeAll(before);
        System.out.printf("%s: recovered in %d cycles, %d ms%n", c.name(), cycles, (System.nanoTime() - t0) / 1_000_000);
        ROWS.add(new Row(c, "deleted", violations.isEmpty(), cycles, lost(violations), duplicated(violations), faulted,
                violations, before));
        assertThat(violations).as("invariants after %d ordinary cycle(s)", cycles).isEmpty();
    }

    /** The checker's violations; the bucket still gone is one (the checker cannot list it). */
    private List<String> checkAllowingABucketGone(InvariantChecker.Snapshot snapshot) throws Exception {
        try {
            return new ArrayList<>(checker.check(snapshot).violations());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchBucketException gone) {
            return new ArrayList<>(List.of("the page bucket is gone"));
        }
    }

    private void deleteTheBucket() {
        var s3 = checker.s3();
        s3.listObjectsV2Paginator(b -> b.bucket("jada-guest-pages")).contents()
                .forEach(o -> s3.deleteObject(b -> b.bucket("jada-guest-pages").key(o.key())));
        s3.deleteBucket(b -> b.bucket("jada-guest-pages"));
    }

    private int status(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode health() throws Exception {
        return JSON.readTree(get("/actuator/health"));
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The one unresolved dead letter of a calendar event, from {@code GET /api/dead-letters}. */
    private JsonNode deadLetterOf(String calendarEventId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dead-letters"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> own = new ArrayList<>();
        JSON.readTree(r.body()).forEach(l -> {
            if (calendarEventId.equals(l.path("calendarEventId").asText())) {
                own.add(l);
            }
        });
        assertThat(own).as(r.body()).hasSize(1);
        return own.get(0);
    }

    // ---- the world around the cases -----------------------------------------------------------

    /**
     * Once: the first cycle adopts the hand-made records and publishes the sample; then waivers are signed (through
     * the waiver Lambda itself, not the proxy) on a charter that will change crew, and a few charters are added.
     */
    private void prepare() throws Exception {
        if (checker != null) {
            return;
        }
        checker = new InvariantChecker(InvariantChecker.Endpoints.local(PORTS.calendar, PORTS.dynamodb, PORTS.s3, PORTS.edge,
                "http://127.0.0.1:" + port));
        CHANGEABLE.addAll(checker.calendarEvents().keySet());
        CHANGEABLE.add(SANDBOX.insertEvent("Solo – Sail", "Guest: Solo\nArrive by: 10:00\nCaptain: Sarah\nCrew: Marcus\nParty size: 1",
                "2026-06-06T10:30:00-07:00", "2026-06-06T12:00:00-07:00"));
        sync();
        sign("{\"action\":\"submit\",\"eventId\":\"solo-saturday-2026-06-06\",\"participants\":[{\"name\":\"Solo\","
                + "\"dateOfBirth\":\"1980-01-01\"}],\"signature\":\"Solo\",\"acceptedTerms\":true}");
        sign("{\"action\":\"submit\",\"eventId\":\"quinn-saturday-2026-05-31\",\"participants\":[{\"name\":\"Quinn\","
                + "\"dateOfBirth\":\"2010-02-01\"}],\"signature\":\"Pat Lee\",\"acceptedTerms\":true,"
                + "\"guardian\":{\"name\":\"Pat Lee\",\"relationship\":\"parent\",\"signature\":\"Pat Lee\"}}");
        InvariantChecker.Report start = checker.check(checker.snapshot());
        assertThat(start.violations()).as("the world before any fault").isEmpty();
        lastEndedClean = true;
        assertThat(checker.snapshot().waiverStateByEvent()).containsKeys("solo-saturday-2026-06-06", "quinn-saturday-2026-05-31");
    }

    private void sign(String submission) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.lambda
                        + "/2015-03-31/functions/jada-waiver/invocations")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(submission)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("X-Amz-Function-Error")).as(r.body()).isEmpty();
    }

    /** Every other case changes the crew of an existing charter (signed ones among them); the rest add a charter. */
    private void changeTheCalendar() throws Exception {
        int n = ++changes;
        if (n % 2 == 0) {
            String guest = "Fault" + (char) ('a' + n % 26) + n;
            SANDBOX.insertEvent(guest + " – Sail", "Guest: " + guest + "\nArrive by: 09:00\nCaptain: Gene\nCrew: Ivy",
                    "2026-06-" + (10 + n % 5) + "T09:30:00-07:00", "2026-06-" + (10 + n % 5) + "T11:00:00-07:00");
            return;
        }
        String id = CHANGEABLE.get(n % CHANGEABLE.size());
        JsonNode event = checker.calendarEvents().get(id);
        String description = event.path("description").asText().replaceAll("(?m)^(Crew|Deckhand|Updated crew):.*$", "")
                .strip() + "\nUpdated crew: Crew" + n;
        SANDBOX.patchDescription(id, description);
    }

    /**
     * Between cases: what an earlier case left broken is repaired by hand (a reconcile, the dead letters replayed
     * or removed, the edge invalidated), so each case starts clean; what still cannot be repaired is answered and
     * left out of the next case's verdict (the case that caused it has failed already).
     */
    private List<String> repairLeftovers() throws Exception {
        InvariantChecker.Snapshot now = checker.snapshot();
        if (checker.check(now).clean()) {
            return List.of();
        }
        post("/api/reconcile");
        for (String id : checker.unresolvedDeadLetters()) {
            checker.replay(id);
        }
        for (String id : checker.unresolvedDeadLetters()) {
            checker.dynamo().deleteItem(b -> b.tableName("jada-dead-letters").key(Map.of("id", AttributeValue.fromS(id))));
        }
        invalidateEverythingAtTheEdge();
        return checker.check(now).violations();
    }

    private void invalidateEverythingAtTheEdge() throws Exception {
        String batch = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><InvalidationBatch xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\">"
                + "<Paths><Quantity>1</Quantity><Items><Path>/*</Path></Items></Paths><CallerReference>repair-"
                + System.nanoTime() + "</CallerReference></InvalidationBatch>";
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.cloudfront
                        + "/2020-05-31/distribution/E2XYZABC1234D/invalidation")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(batch)).build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * A cycle on the runtime once it leads: a DynamoDB fault reaches its lease as well, so it may have stepped down
     * (and answer 202, the cycle left for the leader) until it takes the lease again.
     */
    private JsonNode sync() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            boolean leads = JSON.readTree(get("/api/leadership")).path("leads").asBoolean();
            if (leads) {
                HttpResponse<String> r = send("/api/sync");
                if (r.statusCode() != 202 || System.nanoTime() > deadline) {
                    assertThat(r.statusCode()).as("POST /api/sync: " + r.body()).isEqualTo(200);
                    return JSON.readTree(r.body());
                }
            }
            assertThat(System.nanoTime()).as("the runtime leads again within 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private JsonNode post(String path) throws Exception {
        HttpResponse<String> r = send(path);
        assertThat(r.statusCode()).as("POST " + path + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofMinutes(2)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- the table -----------------------------------------------------------------------------

    record Row(Case c, String injected, boolean recovered, int cycles, int lost, int duplicated,
               JsonNode faultedCycle, List<String> violations, List<String> leftOverBefore) {
    }

    @AfterAll
    static void writeTheFaultTable() throws IOException {
        PROXIES.values().forEach(FaultProxy::close);
        if (checker != null) {
            checker.close();
        }
        StringBuilder t = new StringBuilder();
        t.append("| dependency | fault | step | faulted requests | recovered | lost | duplicated | notes |\n");
        t.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : ROWS) {
            Case c = r.c();
            String times = c.refuses() ? "" : c.times() == FaultProxy.ALWAYS ? " (every time)" : " (first " + c.times() + ")";
            String recovered = r.recovered() ? "yes, with no operator action within " + r.cycles() + " cycle"
                    + (r.cycles() > 1 ? "s" : "") : "**no** (" + r.cycles() + " cycles)";
            String notes = r.violations().isEmpty() ? cycleNote(r.faultedCycle())
                    : symptom(r.violations().get(0)) + (r.violations().size() > 1 ? " (+" + (r.violations().size() - 1) + " more)" : "");
            if (!r.leftOverBefore().isEmpty()) {
                notes += "; started with " + r.leftOverBefore().size() + " violation(s) left by an earlier case";
            }
            t.append("| ").append(c.dependency()).append(" | ").append(c.fault()).append(times).append(" | ")
                    .append(c.step().description()).append(" | ").append(r.injected()).append(" | ").append(recovered)
                    .append(" | ").append(r.lost()).append(" | ").append(r.duplicated()).append(" | ").append(notes).append(" |\n");
        }
        Path out = Path.of("target", "fault-table.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, t.toString());
        System.out.println("\nFault table (" + out.toAbsolutePath() + "):\n" + t);
    }

    /** Calendar events this case lost: the checker reports each one in one violation. */
    static int lost(List<String> violations) {
        return (int) violations.stream().filter(v -> v.startsWith("lost:")).count();
    }

    /** Things this case made twice: a second record for an event, a record nobody owns, a page without record. */
    static int duplicated(List<String> violations) {
        int n = 0;
        for (String v : violations) {
            java.util.regex.Matcher records = Pattern.compile("^duplicated: .* has (\\d+) records").matcher(v);
            if (records.find()) {
                n += Integer.parseInt(records.group(1)) - 1;
            } else if (v.startsWith("duplicated:") || v.endsWith("belongs to no calendar event")) {
                n++;
            }
        }
        return n;
    }

    /** A violation in a few words for the table (the test's failure message has it in full). */
    static String symptom(String violation) {
        if (violation.contains("has no record")) {
            return "the changed event has no record";
        }
        if (violation.contains("the edge serves other bytes")) {
            return "the edge still serves the previous page; the record does not know the new one";
        }
        if (violation.contains("published and verified for version null")) {
            return "page uploaded, never verified; the record does not know it";
        }
        if (violation.startsWith("dead letter")) {
            return "a dead letter is left unresolved";
        }
        return (violation.length() > 120 ? violation.substring(0, 120) + "…" : violation).replace("|", "/");
    }

    /** What the faulted cycle itself reported, briefly. */
    private static String cycleNote(JsonNode cycle) {
        if (cycle == null) {
            return "";
        }
        int deadLettered = cycle.path("deadLettered").asInt();
        int failures = cycle.path("failures").size();
        if (deadLettered > 0) {
            return "faulted cycle dead-lettered " + deadLettered;
        }
        if (failures > 0) {
            String first = cycle.path("failures").get(0).asText();
            int cause = first.indexOf("(cause: ");
            String why = cause < 0 ? first : first.substring(cause + "(cause: ".length()).replaceAll("\\)$", "");
            why = why.lines().findFirst().orElse("");
            return "faulted cycle failed: " + (why.length() > 70 ? why.substring(0, 70) + "…" : why).replace("|", "/");
        }
        return "absorbed by retries within the faulted cycle";
    }
}
