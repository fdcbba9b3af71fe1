package com.jada.chartersync.leader;

import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.faults.FaultProxy;
import com.jada.chartersync.localcloud.dynamodb.DynaliteProcess;
import com.jada.chartersync.record.TableInitializer;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The DynamoDB lease election on dynalite alone, each replica a cluster service of its own with a short lease
 * (2 s, renewed every 250 ms, stepping down 500 ms before it can expire for the others).
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
class DynamoDbLeaseElectionTest {

    private static final CharterSyncProperties.Tables TABLES = new CharterSyncProperties.Tables("jada-events",
            "jada-calendar-links", "jada-dead-letters", "jada-waivers", "jada-sync-state", "jada-processed-events");
    private static final String NAMESPACE = "poller";

    @TempDir
    static Path data;
    private static DynaliteProcess dynalite;
    private final List<DynamoDbLeaseClusterService> services = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();

    @BeforeAll
    static void startDynalite() throws Exception {
        dynalite = DynaliteProcess.start(Path.of("src/test/dynalite"), "127.0.0.1", SandboxPorts.freePort(), data.resolve("db"));
        try (DynamoDbClient client = client(dynalite.port())) {
            TableInitializer.ensureAll(client, TABLES);
        }
    }

    @AfterAll
    static void stopDynalite() {
        dynalite.close();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (DynamoDbLeaseClusterService s : services) {
            s.stop();
        }
        for (FaultProxy p : proxies) {
            p.close();
        }
    }

    @Test
    void settingsThatLetALeaderOutliveItsLeaseAreRefusedAtStart() {
        assertThatThrownBy(() -> new LeaderElectionProperties(null, "a", null, Duration.ofSeconds(20),
                Duration.ofSeconds(10), Duration.ofSeconds(5), null))
                .hasMessageContaining("at least twice the renewal-period");
        assertThatThrownBy(() -> new LeaderElectionProperties(null, "a", null, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ZERO, null)).hasMessageContaining("must be positive");
        LeaderElectionProperties defaults = new LeaderElectionProperties(null, null, null, null, null, null, null);
        assertThat(defaults.safeTime()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void oneReplicaLeadsTheOtherNamesItAndTakesOverAtOnceWhenItStops() throws Exception {
        CamelClusterView a = view("a", dynalite.port());
        await(() -> a.getLocalMember().isLeader(), "a leads on an empty lease table");
        CamelClusterView b = view("b", dynalite.port());
        Thread.sleep(1_000);
        assertThat(b.getLocalMember().isLeader()).as("b follows while a renews").isFalse();
        assertThat(b.getLeader()).hasValueSatisfying(l -> {
            assertThat(l.getId()).isEqualTo("a");
            assertThat(((LeaseMember) l).since()).isNotNull();
        });

        long stoppedAt = System.nanoTime();
        services.get(0).stop();
        // a stopped replica releases its lease (the item goes), so the other takes it at its next look instead of
        // waiting for the lease to run out
        try (DynamoDbClient client = client(dynalite.port())) {
            Map<String, AttributeValue> lease = client.getItem(g -> g.tableName(TABLES.leases())
                    .key(Map.of("key", AttributeValue.fromS(NAMESPACE))).consistentRead(true)).item();
            assertThat(lease.isEmpty() || lease.get("ownerName").s().equals("b"))
                    .as("a's lease released on stop: %s", lease).isTrue();
        }
        await(() -> b.getLocalMember().isLeader(), "b takes over");
        System.out.println("lease election: takeover after a stop, ms: "
                + Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
    }

    /**
     * Ten times over: the leader's connection to DynamoDB is cut while the other's is not. The leader steps down,
     * the other leads, never both at once, and the step-down comes first.
     */
    @Test
    void aLeaderCutFromDynamoDbStepsDownBeforeTheOtherLeadsTenTimesOver() throws Exception {
        FaultProxy toA = proxy();
        FaultProxy toB = proxy();
        CamelClusterView a = view("a", toA.port());
        CamelClusterView b = view("b", toB.port());
        AtomicInteger both = new AtomicInteger();
        AtomicLong lostAt = new AtomicLong();
        AtomicLong gainedAt = new AtomicLong();
        for (CamelClusterView v : List.of(a, b)) {
            v.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
                if (view.getLocalMember().isLeader()) {
                    gainedAt.set(System.nanoTime());
                } else {
                    lostAt.set(System.nanoTime());
                }
            });
        }
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (a.getLocalMember().isLeader() && b.getLocalMember().isLeader()) {
                    both.incrementAndGet();
                }
                Thread.onSpinWait();
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try {
            await(() -> a.getLocalMember().isLeader() || b.getLocalMember().isLeader(), "a leader");
            List<Long> takeovers = new ArrayList<>();
            for (int run = 0; run < 10; run++) {
                boolean aLeads = a.getLocalMember().isLeader();
                CamelClusterView follower = aLeads ? b : a;
                FaultProxy cut = aLeads ? toA : toB;
                long cutAt = System.nanoTime();
                lostAt.set(0);
                gainedAt.set(0);
                cut.refuseConnections();
                // the events reach listeners on the election's own thread, just after the flag changes
                await(() -> follower.getLocalMember().isLeader() && gainedAt.get() > 0,
                        "the follower taking over (run " + run + ")");
                assertThat(lostAt.get()).as("the cut leader stepped down (run %d)", run).isPositive();
                assertThat(lostAt.get()).as("stepped down before the other led (run %d)", run).isLessThan(gainedAt.get());
                takeovers.add((gainedAt.get() - cutAt) / 1_000_000);
                cut.acceptConnections();
            }
            System.out.println("lease election: takeover after a cut, ms: " + takeovers);
        } finally {
            watcher.interrupt();
        }
        assertThat(both.get()).as("moments both replicas led").isZero();
    }

    private FaultProxy proxy() throws Exception {
        FaultProxy p = FaultProxy.start("dynamodb", dynalite.port());
        proxies.add(p);
        return p;
    }

    private CamelClusterView view(String id, int port) throws Exception {
        LeaderElectionProperties settings = new LeaderElectionProperties(NAMESPACE, id, "http://" + id,
                Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofMillis(500), null);
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("k", "s")))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMillis(250)))
                .httpClient(ApacheHttpClient.builder().connectionTimeout(Duration.ofMillis(250)).build()).build();
        DynamoDbLeaseClusterService service = new DynamoDbLeaseClusterService(client, TABLES.leases(), settings, () -> { });
        services.add(service);
        service.start();
        return service.getView(NAMESPACE);
    }

    private static DynamoDbClient client(int port) {
        return DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .httpClient(ApacheHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"))).build();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
