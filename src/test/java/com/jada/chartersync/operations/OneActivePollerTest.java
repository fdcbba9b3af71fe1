package com.jada.chartersync.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two runtimes on one host, each its own JVM as in production, sharing the file cluster service's directory:
 * exactly one polls; when it stops, the other takes over.
 */
class OneActivePollerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopAll() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void exactlyOneRuntimePollsAndTheOtherTakesOverWhenItStops() throws Exception {
        int portA = freePort();
        int portB = freePort();
        Process a = start("a", portA);
        Process b = start("b", portB);
        waitFor(() -> healthy(portA) && healthy(portB), Duration.ofSeconds(120), "both runtimes healthy");
        waitFor(() -> timerCycles(portA) + timerCycles(portB) >= 3, Duration.ofSeconds(30), "a leader polling");

        boolean aLeads = timerCycles(portA) > 0;
        int leader = aLeads ? portA : portB;
        int follower = aLeads ? portB : portA;
        Thread.sleep(1500);
        assertThat(timerCycles(follower)).as("the follower must not poll while the leader runs").isZero();
        assertThat(timerCycles(leader)).isGreaterThanOrEqualTo(3);

        (aLeads ? a : b).destroy();
        waitFor(() -> timerCycles(follower) > 0, Duration.ofSeconds(30), "the follower taking over");
    }

    private Process start(String name, int serverPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CharterSyncApplication.class.getName(),
                "--spring.profiles.active=local",
                "--server.port=" + serverPort,
                "--camel.cluster.file.root=" + dir.resolve("cluster"),
                "--camel.cluster.file.acquire-lock-delay=200",
                "--camel.cluster.file.acquire-lock-interval=500",
                "--charter.sync.poll-interval=300ms",
                "--charter.sync.first-poll-delay=0"));
        command.addAll(new SandboxPorts().arguments());
        // Kept under target/ so a failing run can be read afterwards.
        File log = Path.of("target", "poller-" + name + ".log").toAbsolutePath().toFile();
        // Each runtime runs in a directory of its own, as a deployed one would, not inside the source tree.
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log).start();
        processes.add(p);
        return p;
    }

    private boolean healthy(int port) {
        try {
            return get(port, "/actuator/health/readiness").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private int timerCycles(int port) {
        try {
            HttpResponse<String> r = get(port, "/api/cycles");
            if (r.statusCode() != 200) {
                return 0;
            }
            int n = 0;
            for (JsonNode c : JSON.readTree(r.body())) {
                n += "timer".equals(c.path("trigger").asText()) ? 1 : 0;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static int freePort() {
        return SandboxPorts.freePort();
    }
}
