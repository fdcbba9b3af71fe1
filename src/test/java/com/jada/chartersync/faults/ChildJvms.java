package com.jada.chartersync.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.localcloud.LocalCloudServer;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JVMs of their own for the tests that kill or cut a runtime: the local cloud alone and product runtimes on this
 * test's classpath, each logging to {@code target/<prefix>-<name>.log}, and the runtimes' HTTP surface. stopAll stops
 * them, the last started first.
 */
final class ChildJvms {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final String prefix;
    private final String heap;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param work the children's working directory; @param heap their {@code -Xmx} */
    ChildJvms(Path work, String prefix, String heap) {
        this.work = work;
        this.prefix = prefix;
        this.heap = heap;
    }

    /** The local cloud alone on these ports, from a clean sample; answers the settings the product needs. */
    List<String> startLocalCloud(SandboxPorts ports) throws Exception {
        Path data = work.resolve("data");
        List<String> command = new ArrayList<>(java());
        command.add(LocalCloudServer.class.getName());
        command.addAll(ports.arguments().stream().filter(a -> !a.startsWith("--charter.local.data-dir=")).toList());
        command.addAll(List.of("--charter.local.data-dir=" + data, "--charter.local.reset-on-start=true"));
        Process cloud = start(command, "localcloud");
        Path productArgs = data.resolve("product.args");
        waitFor(() -> Files.exists(productArgs) || !cloud.isAlive(), Duration.ofMinutes(3), "the local cloud");
        assertThat(cloud.isAlive()).as("the local cloud started (see %s)", log("localcloud")).isTrue();
        return Files.readAllLines(productArgs);
    }

    /** {@code java} with this test's classpath, a small heap and a quick start. */
    List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"));
    }

    Process start(List<String> command, String name) throws IOException {
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log(name).toFile()).start();
        processes.add(p);
        return p;
    }

    Path log(String name) {
        return Path.of("target", prefix + "-" + name + ".log").toAbsolutePath();
    }

    /** A GET's JSON answer, empty when the runtime does not answer 200. */
    Optional<JsonNode> getJson(int port, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Ready: readiness answers 200. */
    boolean healthy(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean leads(int port) {
        return getJson(port, "/api/leadership").map(n -> n.path("leads").asBoolean()).orElse(false);
    }

    static int pages(InvariantChecker checker) {
        return checker.s3().listObjectsV2(b -> b.bucket("jada-guest-pages")).keyCount();
    }

    static void waitFor(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** Stops every child, the last started first (SIGTERM, then SIGKILL after 20 s). */
    void stopAll() throws InterruptedException {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
