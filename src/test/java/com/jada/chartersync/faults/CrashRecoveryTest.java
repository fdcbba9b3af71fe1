package com.jada.chartersync.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.jada.chartersync.faults.ChildJvms.pages;
import static com.jada.chartersync.faults.ChildJvms.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13, item 7: the runtime killed with SIGKILL in the middle of its first cycle over 300 events, then started
 * again on the same data. The local cloud runs in a JVM of its own (as AWS and Google would), the product in
 * another, so only the product dies. The next ordinary cycle (no reconcile, no replay) must publish and verify
 * every event: the {@link InvariantChecker} passes, with no record twice.
 */
class CrashRecoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 300;
    /** Pages in S3 when the product is killed: well into the cycle, far from its end. */
    private static final int KILL_AFTER_PAGES = 30;

    private final SandboxPorts ports = new SandboxPorts();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private ChildJvms jvms;

    @BeforeEach
    void jvms() {
        jvms = new ChildJvms(work, "crash", "512m");
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        jvms.stopAll();
    }

    @Test
    void afterSigkillInTheFirstCycleOfThreeHundredEventsTheNextOrdinaryCyclePublishesAndVerifiesEveryEvent() throws Exception {
        List<String> productArgs = jvms.startLocalCloud(ports);
        generateEvents(http, ports.calendar, EVENTS);
        int serverPort = SandboxPorts.freePort();
        try (InvariantChecker checker = new InvariantChecker(InvariantChecker.Endpoints.local(ports.calendar, ports.dynamodb,
                ports.s3, ports.edge, "http://127.0.0.1:" + serverPort))) {
            InvariantChecker.Snapshot before = checker.snapshot();

            Process first = startProduct(productArgs, serverPort, "1");
            CompletableFuture<HttpResponse<String>> cycle = http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + serverPort + "/api/sync")).timeout(Duration.ofMinutes(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            waitFor(() -> pages(checker) >= KILL_AFTER_PAGES || cycle.isDone(), Duration.ofMinutes(3),
                    KILL_AFTER_PAGES + " pages in S3");
            assertThat(cycle).as("the first cycle must still be running when the product is killed").isNotDone();
            first.destroyForcibly();
            assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            int pagesAtKill = pages(checker);
            System.out.printf("crash test: product killed (SIGKILL) with %d of %d pages in S3%n", pagesAtKill, EVENTS + 3);

            startProduct(productArgs, serverPort, "2");
            HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/api/sync"))
                    .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).isEqualTo(200);
            JsonNode summary = JSON.readTree(next.body());
            System.out.println("crash test: the cycle after the restart: " + summary);

            InvariantChecker.Report report = checker.check(before);
            report.violations().stream().limit(20).forEach(v -> System.out.println("crash test violation: " + v));
            assertThat(summary.path("calendarRead").asText()).as("an ordinary cycle, not a reconcile").isNotEqualTo("reconcile");
            assertThat(report.duplicated()).as("records or pages twice").isZero();
            assertThat(report.lost()).as("calendar events not published and verified by the cycle after the restart").isEmpty();
            assertThat(report.violations()).isEmpty();
        }
    }
    /** The product as deployed: its main class, no profile, pointed at the local cloud; healthy before it returns. */
    private Process startProduct(List<String> productArgs, int serverPort, String run) throws Exception {
        List<String> command = new ArrayList<>(jvms.java());
        command.add(CharterSyncApplication.class.getName());
        command.addAll(productArgs);
        // a short lease: the second product takes over the killed one's lease sooner (defaults: 20 s)
        command.addAll(List.of("--server.port=" + serverPort, "--charter.sync.poll-enabled=false",
                "--charter.cluster.lease-duration=4s", "--charter.cluster.renewal-period=1s",
                "--charter.cluster.safety-margin=1s"));
        Process product = jvms.start(command, "runtime-" + run);
        waitFor(() -> !product.isAlive() || jvms.healthy(serverPort), Duration.ofMinutes(3), "the product to be healthy");
        // full cycles run on the leader: after a SIGKILL the lease is taken over once it has run out
        waitFor(() -> !product.isAlive() || jvms.leads(serverPort), Duration.ofMinutes(1), "the product to lead");
        assertThat(product.isAlive()).as("the product started (see %s)", jvms.log("runtime-" + run)).isTrue();
        return product;
    }

    /** 300 charters over the local window's 20 days, each guest unique, written into the calendar sandbox. */
    static void generateEvents(HttpClient http, int calendarPort, int count) throws Exception {
        String base = "http://127.0.0.1:" + calendarPort + "/calendar/v3/calendars/jada-internal/events";
        String bearer = "Bearer " + InvariantChecker.calendarAccessToken(calendarPort);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int k = i;
                made.add(pool.submit(() -> {
                    String date = LocalDate.parse("2026-05-28").plusDays(k % 20).toString();
                    int hour = 8 + (k / 20) % 8;
                    String guest = String.format(Locale.ROOT, "Crash Guest %03d", k);
                    ObjectNode event = JSON.createObjectNode();
                    event.put("summary", guest + " – Sail");
                    event.put("description", "Guest: " + guest + "\nType: private-sail\nArrive by: "
                            + String.format(Locale.ROOT, "%02d:00", hour - 1) + "\nCaptain: Sarah\nCrew: Marcus, Gene\nParty size: 4");
                    event.putObject("start").put("dateTime", String.format(Locale.ROOT, "%sT%02d:00:00-07:00", date, hour));
                    event.putObject("end").put("dateTime", String.format(Locale.ROOT, "%sT%02d:30:00-07:00", date, hour + 2));
                    return http.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
                            .header("Authorization", bearer)
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
            }
            for (Future<Integer> f : made) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
    }

}
