package com.jada.chartersync.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.sync.SandboxClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.jada.chartersync.faults.ChildJvms.pages;
import static com.jada.chartersync.faults.ChildJvms.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replicas of the product, each a JVM of its own as on separate hosts, against one local cloud in another JVM (as
 * AWS and Google would be): one leads, the others serve; a leader killed with SIGKILL in the middle of a cycle of
 * 300 events is replaced and the next leader's ordinary cycle finishes every event; a leader cut from DynamoDB
 * steps down before another leads, and no two cycles overlap; a calendar notification that reaches a follower
 * brings the edit to the edge. The lease is short here (4 s, renewed every second, stepping down one second
 * early); the defaults' takeover is measured by the benchmark.
 */
class ReplicasTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 300;
    private static final int KILL_AFTER_PAGES = 30;
    private static final List<String> SHORT_LEASE = List.of("--charter.cluster.lease-duration=4s",
            "--charter.cluster.renewal-period=1s", "--charter.cluster.safety-margin=1s");

    private final SandboxPorts ports = new SandboxPorts();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<FaultProxy> proxies = new ArrayList<>();

    @TempDir
    Path work;

    private ChildJvms children;

    @BeforeEach
    void children() {
        children = new ChildJvms(work, "replica", "400m");
    }

    @AfterEach
    void stopAll() throws Exception {
        children.stopAll();
        for (FaultProxy p : proxies) {
            p.close();
        }
    }

    @Test
    void threeReplicasNameOneLeaderAndWhenItIsKilledMidCycleAnotherLeadsAndFinishesEveryEvent() throws Exception {
        List<String> cloud = children.startLocalCloud(ports);
        CrashRecoveryTest.generateEvents(http, ports.calendar, EVENTS);
        Map<String, Integer> replicas = new LinkedHashMap<>();
        for (String id : List.of("a", "b", "c")) {
            replicas.put(id, SandboxPorts.freePort());
        }
        try (InvariantChecker checker = new InvariantChecker(InvariantChecker.Endpoints.local(ports.calendar,
                ports.dynamodb, ports.s3, ports.edge, "http://127.0.0.1:" + replicas.get("b")))) {
            InvariantChecker.Snapshot before = checker.snapshot();
            Map<String, Process> jvms = new LinkedHashMap<>();
            replicas.forEach((id, port) -> jvms.put(id, product(cloud, id, port, List.of(
                    "--charter.sync.poll-interval=2s", "--charter.sync.first-poll-delay=0"))));
            for (int port : replicas.values()) {
                awaitHealthy(port);
            }
            waitFor(() -> leaders(replicas).size() == 1, Duration.ofMinutes(1), "one leader");
            String leader = leaders(replicas).get(0);
            for (int port : replicas.values()) {
                assertThat(leadership(port).path("leader").asText()).as("every board names the same leader").isEqualTo(leader);
            }
            waitFor(() -> pages(checker) >= KILL_AFTER_PAGES, Duration.ofMinutes(3), KILL_AFTER_PAGES + " pages in S3");
            assertThat(cycles(replicas.get(leader))).as("the leader's first cycle still runs when it is killed").isEmpty();

            jvms.get(leader).destroyForcibly().waitFor();
            long killedAt = System.nanoTime();
            replicas.remove(leader);
            waitFor(() -> leaders(replicas).size() == 1, Duration.ofMinutes(1), "a new leader");
            double takeover = (System.nanoTime() - killedAt) / 1e9;
            String next = leaders(replicas).get(0);
            System.out.printf("replicas test: %s killed (SIGKILL) with %d pages in S3; %s leads %.1f s later%n",
                    leader, pages(checker), next, takeover);
            // the lease (4 s) runs out unrenewed, then one poll: a bound for a loaded machine, not a speed figure
            assertThat(takeover).as("takeover, seconds").isLessThan(20);

            int port = replicas.get(next);
            waitFor(() -> cycles(port).stream().anyMatch(c -> c.path("eventsSeen").asInt() >= EVENTS),
                    Duration.ofMinutes(4), "the new leader's cycle over every event");
            JsonNode first = cycles(port).stream().filter(c -> c.path("eventsSeen").asInt() >= EVENTS).findFirst().orElseThrow();
            assertThat(first.path("trigger").asText()).isEqualTo("timer");
            assertThat(first.path("calendarRead").asText()).as("an ordinary cycle, not a reconcile").isNotEqualTo("reconcile");
            InvariantChecker.Report report = checker.check(before);
            report.violations().stream().limit(20).forEach(v -> System.out.println("replicas test violation: " + v));
            assertThat(report.duplicated()).as("records or pages twice").isZero();
            assertThat(report.lost()).as("events the new leader did not publish and verify").isEmpty();
            assertThat(report.violations()).isEmpty();
            for (int p : replicas.values()) {
                assertThat(cycles(p).stream().filter(c -> !c.path("trigger").asText().equals("api")).count() == 0
                        || leadership(p).path("leads").asBoolean()).as("only the leader runs cycles").isTrue();
            }
        }
    }

    /**
     * Two replicas, each reaching DynamoDB through a fault proxy of its own. First a calendar notification reaches
     * the follower (the webhook address is the follower's, as a load balancer may send it), and the leader
     * publishes the new charter. Then, several times over, the leader's DynamoDB is cut: its log says it stepped
     * down before the other's says it leads, the lease passes, and no two cycles overlap while operators keep
     * asking both for cycles.
     */
    @Test
    void aNotificationToTheFollowerReachesTheEdgeAndACutLeaderStepsDownBeforeTheOtherLeads() throws Exception {
        List<String> cloud = children.startLocalCloud(ports);
        int portA = SandboxPorts.freePort();
        int portB = SandboxPorts.freePort();
        FaultProxy toA = proxy();
        FaultProxy toB = proxy();
        List<String> common = List.of("--charter.sync.poll-interval=10m", "--charter.sync.first-poll-delay=0",
                "--charter.cluster.request-check-interval=200ms", "--charter.calendar.push.enabled=true",
                "--charter.calendar.push.debounce=50ms",
                "--charter.calendar.push.public-base-url=http://127.0.0.1:" + portB);
        try (InvariantChecker checker = new InvariantChecker(InvariantChecker.Endpoints.local(ports.calendar,
                ports.dynamodb, ports.s3, ports.edge, "http://127.0.0.1:" + portA))) {
            product(cloud, "a", portA, with(common, "--charter.aws.dynamodb-endpoint=" + toA.url()));
            awaitHealthy(portA);
            waitFor(() -> leadership(portA).path("leads").asBoolean(), Duration.ofMinutes(1), "a leads");
            product(cloud, "b", portB, with(common, "--charter.aws.dynamodb-endpoint=" + toB.url()));
            awaitHealthy(portB);
            waitFor(() -> !cycles(portA).isEmpty(), Duration.ofMinutes(1), "a's first cycle");
            assertThat(leadership(portB).path("leader").asText()).isEqualTo("a");
            InvariantChecker.Snapshot before = checker.snapshot();

            // Google (here the calendar sandbox) posts to the follower; the leader runs the cycle
            new SandboxClient(ports.calendar, ports.edge).insertEvent("Pushed Guest – Sail",
                    "Guest: Pushed Guest\nType: private-sail\nArrive by: 09:00\nCaptain: Sarah\nCrew: Gene\nParty size: 2",
                    "2026-05-30T10:00:00-07:00", "2026-05-30T12:00:00-07:00");
            waitFor(() -> cycles(portA).stream().anyMatch(c -> c.path("trigger").asText().equals("push")
                    && c.path("eventsChanged").asInt() > 0), Duration.ofMinutes(1), "a push cycle on the leader");
            InvariantChecker.Report pushed = checker.check(before);
            assertThat(pushed.violations()).as("the new charter at the edge").isEmpty();
            assertThat(cycles(portB)).as("the follower ran no cycle").isEmpty();

            List<String> owners = new CopyOnWriteArrayList<>();
            Thread history = leaseHistory(checker, owners);
            Thread operators = operatorsAsking(portA, portB);
            try {
                int runs = Integer.getInteger("replicas.cuts", 3);
                for (int run = 0; run < runs; run++) {
                    boolean aLeads = leadership(portA).path("leads").asBoolean();
                    String cutId = aLeads ? "a" : "b";
                    FaultProxy cut = aLeads ? toA : toB;
                    int other = aLeads ? portB : portA;
                    String otherId = aLeads ? "b" : "a";
                    int downsBefore = count(cutId, STEPPED_DOWN);
                    int leadsBefore = count(otherId, LEADS);
                    long cutAt = System.nanoTime();
                    cut.refuseConnections();
                    waitFor(() -> leadership(other).path("leads").asBoolean(), Duration.ofMinutes(1),
                            "the other replica taking over (run " + run + ")");
                    System.out.printf("replicas test: %s cut from DynamoDB; the other leads %.1f s later%n", cutId,
                            (System.nanoTime() - cutAt) / 1e9);
                    Instant steppedDown = logged(cutId, STEPPED_DOWN, downsBefore);
                    Instant leads = logged(otherId, LEADS, leadsBefore);
                    assertThat(steppedDown).as("run %d: %s stepped down before the other led", run, cutId).isBefore(leads);
                    cut.acceptConnections();
                    Thread.sleep(1_500);
                }
            } finally {
                operators.interrupt();
                history.interrupt();
            }
            System.out.println("replicas test: lease owners in turn: " + owners);
            assertThat(owners.size()).as("the lease passed at every cut").isGreaterThanOrEqualTo(3);
            List<JsonNode> all = new ArrayList<>(cycles(portA));
            all.addAll(cycles(portB));
            assertThat(overlaps(all)).as("cycles that overlapped another").isZero();
            System.out.println("replicas test: " + all.size() + " cycles on the two replicas, none overlapping");
        }
    }

    /** Pairs of full cycles (on either replica) whose runs overlap in time. */
    private static int overlaps(List<JsonNode> cycles) {
        List<JsonNode> full = cycles.stream().filter(c -> !c.path("finishedAt").isMissingNode()
                && !c.path("finishedAt").isNull()).toList();
        int n = 0;
        for (int i = 0; i < full.size(); i++) {
            for (int j = i + 1; j < full.size(); j++) {
                Instant s1 = Instant.parse(full.get(i).path("startedAt").asText());
                Instant e1 = Instant.parse(full.get(i).path("finishedAt").asText());
                Instant s2 = Instant.parse(full.get(j).path("startedAt").asText());
                Instant e2 = Instant.parse(full.get(j).path("finishedAt").asText());
                if (s1.isBefore(e2) && s2.isBefore(e1)) {
                    System.out.println("replicas test: overlapping cycles " + full.get(i) + " and " + full.get(j));
                    n++;
                }
            }
        }
        return n;
    }

    /** The lease item's owner, read every 50 ms straight from the local cloud's DynamoDB: each change kept. */
    private Thread leaseHistory(InvariantChecker checker, List<String> owners) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Map<String, AttributeValue> item = checker.dynamo().getItem(b -> b.tableName("jada-leader-leases")
                            .key(Map.of("key", AttributeValue.fromS("charter-sync-poller"))).consistentRead(true)).item();
                    String owner = item == null || item.get("ownerName") == null ? "-" : item.get("ownerName").s();
                    if (owners.isEmpty() || !owners.get(owners.size() - 1).equals(owner)) {
                        owners.add(owner);
                    }
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // the local cloud is busy: the next look sees the owner
                }
            }
        }, "lease-history");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Operators asking both replicas for cycles all along (a follower leaves the request to the leader). */
    private Thread operatorsAsking(int... ports) {
        Thread t = new Thread(() -> {
            int i = 0;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[i++ % ports.length] + "/api/sync"))
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding());
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // a replica busy or cut: the next ask
                }
            }
        }, "operators");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static final String STEPPED_DOWN = "stepped down as leader";
    private static final String LEADS = " leads charter-sync-poller";

    private static int count(String id, String text) throws IOException {
        return (int) Files.readAllLines(Path.of("target", "replica-" + id + ".log")).stream().filter(l -> l.contains(text)).count();
    }

    /** When replica {@code id}'s log said {@code text} for the {@code nth} time (0-based). */
    private static Instant logged(String id, String text, int nth) throws Exception {
        Path log = Path.of("target", "replica-" + id + ".log");
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains(text)).toList();
            if (lines.size() > nth) {
                return Instant.parse(lines.get(nth).substring(0, lines.get(nth).indexOf(' ')));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(log + " never said '" + text + "' " + (nth + 1) + " time(s)");
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }

    private FaultProxy proxy() throws IOException {
        FaultProxy p = FaultProxy.start("dynamodb", ports.dynamodb);
        proxies.add(p);
        return p;
    }

    private List<String> leaders(Map<String, Integer> replicas) {
        return replicas.entrySet().stream().filter(e -> leadership(e.getValue()).path("leads").asBoolean())
                .map(Map.Entry::getKey).toList();
    }

    private JsonNode leadership(int port) {
        return children.getJson(port, "/api/leadership").orElse(JSON.createObjectNode());
    }

    private List<JsonNode> cycles(int port) {
        List<JsonNode> list = new ArrayList<>();
        children.getJson(port, "/api/cycles").ifPresent(n -> n.forEach(list::add));
        return list;
    }

    private void awaitHealthy(int port) throws InterruptedException {
        waitFor(() -> children.healthy(port), Duration.ofMinutes(3),
                "replica on " + port + " healthy (see target/replica-*.log)");
    }
    /** One replica as deployed: the product's main class, no profile, its own id; later settings replace the cloud's. */
    private Process product(List<String> cloud, String id, int port, List<String> extra) {
        List<String> command = new ArrayList<>(children.java());
        command.add(CharterSyncApplication.class.getName());
        List<String> replaced = extra.stream().map(a -> a.substring(0, a.indexOf('=') + 1)).toList();
        cloud.stream().filter(a -> replaced.stream().noneMatch(a::startsWith)).forEach(command::add);
        command.addAll(List.of("--server.port=" + port, "--charter.cluster.replica-id=" + id,
                "--charter.cluster.replica-url=http://127.0.0.1:" + port + "/"));
        command.addAll(SHORT_LEASE);
        command.addAll(extra);
        try {
            return children.start(command, id);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
