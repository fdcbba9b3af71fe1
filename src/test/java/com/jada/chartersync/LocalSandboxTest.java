package com.jada.chartersync;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Base of the integration tests: the whole runtime on its embedded default (real stand-ins over HTTP), on free
 * ports and a fresh data directory, so it runs beside a developer's own runtime. Every subclass shares the one
 * Spring context (and so one started sandbox) per test JVM.
 */
@CamelSpringBootTest
@SpringBootTest(classes = CharterSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("local")
public abstract class LocalSandboxTest {

    protected static final int DYNAMODB_PORT = freePort();
    protected static final int S3_PORT = freePort();
    protected static final int CALENDAR_PORT = freePort();
    protected static final int CLOUDFRONT_PORT = freePort();
    protected static final int EDGE_PORT = freePort();
    private static final Path DATA = tempDir();

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        registry.add("charter.local.dynamodb-port", () -> DYNAMODB_PORT);
        registry.add("charter.local.s3-port", () -> S3_PORT);
        registry.add("charter.local.calendar-port", () -> CALENDAR_PORT);
        registry.add("charter.local.cloudfront-port", () -> CLOUDFRONT_PORT);
        registry.add("charter.local.edge-port", () -> EDGE_PORT);
        registry.add("charter.local.data-dir", DATA::toString);
        registry.add("charter.sync.poll-enabled", () -> "false");
        registry.add("charter.sync.max-redeliveries", () -> "2");
        registry.add("charter.sync.redelivery-delay", () -> "20");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("charter-sync-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
