package com.jada.chartersync.leader;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes switch ({@code charter.cluster.kubernetes.enabled}): two runtimes, each a Camel context with the
 * cluster service the configuration makes and a {@code master:} timer, against fabric8's Kubernetes API server in
 * CRUD mode. One ticks; when its pod stops, the other takes over. Runs under failsafe, in a JVM of its own: in
 * the unit tests' JVM, after the Spring Boot suites, its plain Camel contexts once stayed unstarted.
 */
class KubernetesLeaseElectionIT {

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private final List<CamelContext> runtimes = new ArrayList<>();

    @BeforeEach
    void startApiServer() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        for (String pod : List.of("k1", "k2")) {
            client.pods().inNamespace("charters").resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withNamespace("charters").withLabels(Map.of("app", "charter-sync")).endMetadata()
                    .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True")
                    .endCondition().endStatus().build()).create();
        }
    }

    @AfterEach
    void stop() {
        runtimes.forEach(CamelContext::stop);
        client.close();
        server.destroy();
    }

    @Test
    void oneRuntimeTicksAndTheOtherTakesOverWhenItStops() throws Exception {
        AtomicInteger k1 = new AtomicInteger();
        AtomicInteger k2 = new AtomicInteger();
        CamelContext first = runtime("k1", k1);
        CamelContext second = runtime("k2", k2);
        await(() -> k1.get() + k2.get() >= 3, "a leader's master: route ticking");
        boolean firstLeads = k1.get() > 0;
        AtomicInteger follower = firstLeads ? k2 : k1;
        assertThat(follower.get()).as("the other runtime's master: route stays still").isZero();
        assertThat(client.leases().inNamespace("charters").withName("charter-sync-leaders-poller").get())
                .as("the lease object").isNotNull();

        // the leader's pod stops: its runtime ends and Kubernetes removes the pod
        (firstLeads ? first : second).stop();
        client.pods().inNamespace("charters").withName(firstLeads ? "k1" : "k2").delete();
        await(() -> follower.get() > 0, "the other runtime taking over");
    }

    private CamelContext runtime(String id, AtomicInteger ticks) throws Exception {
        LeaderElectionProperties settings = new LeaderElectionProperties("poller", id, null, Duration.ofSeconds(3),
                Duration.ofMillis(500), Duration.ofSeconds(1),
                new LeaderElectionProperties.Kubernetes(true, client.getMasterUrl().toString(), "charters", null, null));
        DefaultCamelContext camel = new DefaultCamelContext();
        new LeaderElectionConfiguration().kubernetesClusterService(camel, settings);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:poller:timer:tick?period=100").process(e -> ticks.incrementAndGet());
            }
        });
        camel.start();
        runtimes.add(camel);
        assertThat(camel.getStatus().isStarted()).as("runtime %s started (%s)", id, camel.getStatus()).isTrue();
        assertThat(camel.getRoutes()).as("runtime %s has its master: route", id).hasSize(1);
        return camel;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
