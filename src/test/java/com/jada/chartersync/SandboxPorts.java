package com.jada.chartersync;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Free ports and a fresh data directory for one embedded-default runtime under test. */
public final class SandboxPorts {

    public final int dynamodb = freePort();
    public final int s3 = freePort();
    public final int calendar = freePort();
    public final int cloudfront = freePort();
    public final int edge = freePort();
    public final int lambda = freePort();
    private final Path data = tempDir();

    /** The same stand-in addresses and data directory as command-line arguments, for a runtime started by hand. */
    public List<String> arguments() {
        return List.of(
                "--charter.local.dynamodb-port=" + dynamodb,
                "--charter.local.s3-port=" + s3,
                "--charter.local.calendar-port=" + calendar,
                "--charter.local.cloudfront-port=" + cloudfront,
                "--charter.local.edge-port=" + edge,
                "--charter.local.lambda-port=" + lambda,
                "--charter.local.data-dir=" + data,
                // a runtime started elsewhere than the project folder still finds the installed dynalite
                "--charter.local.dynalite-home=" + Path.of("src/test/dynalite").toAbsolutePath(),
                // calendar notifications would start cycles of their own beside the ones a test runs
                "--charter.calendar.push.enabled=false");
    }

    public void register(DynamicPropertyRegistry registry) {
        registry.add("charter.local.dynamodb-port", () -> dynamodb);
        registry.add("charter.local.s3-port", () -> s3);
        registry.add("charter.local.calendar-port", () -> calendar);
        registry.add("charter.local.cloudfront-port", () -> cloudfront);
        registry.add("charter.local.edge-port", () -> edge);
        registry.add("charter.local.lambda-port", () -> lambda);
        registry.add("charter.local.data-dir", data::toString);
        registry.add("charter.sync.poll-enabled", () -> "false");
        // tests run their cycles themselves; push notifications would start others in between (SecuredOperatorEndpointsTest,
        // which tests push, turns them on with registerWithPush)
        registry.add("charter.calendar.push.enabled", () -> "false");
        registry.add("charter.sync.max-redeliveries", () -> "2");
        registry.add("charter.sync.redelivery-delay", () -> "20");
    }

    /** As {@link #register}, with calendar push notifications on (the embedded default's setting). */
    public void registerWithPush(DynamicPropertyRegistry registry) {
        register(registry);
        registry.add("charter.calendar.push.enabled", () -> "true");
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A port that is free now, picked below Linux's ephemeral range (32768+): a port the kernel hands out for
     * {@code server.port=0} or an outgoing connection can then never take it between this pick and its bind.
     */
    public static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new UncheckedIOException(new IOException("no free port between 20000 and 32000"));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("charter-sync-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
