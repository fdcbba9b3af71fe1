package com.jada.chartersync.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged runtime as a deployment gets it: the product only, and it refuses to start half-configured. */
class ProductJarIT {

    @Test
    void productJarCarriesNoStandInNoS3MockAndNoSampleData() throws IOException {
        List<String> entries = new ArrayList<>();
        try (ZipFile jar = new ZipFile(productJar().toFile())) {
            jar.stream().map(ZipEntry::getName).forEach(entries::add);
        }
        assertThat(entries).as("the jar's own classes").anyMatch(e -> e.endsWith("CharterSyncApplication.class"));
        assertThat(entries).noneMatch(e -> e.contains("localcloud") || e.toLowerCase().contains("standin"));
        assertThat(entries).noneMatch(e -> e.contains("s3mock") || e.contains("com/adobe/testing"));
        assertThat(entries).noneMatch(e -> e.contains("sample-calendar") || e.contains("hand-made-records")
                || e.contains("application-local"));
    }

    @Test
    void productStartedWithoutSettingsExitsNamingEachMissingOne() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", productJar().toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("GOOGLE_") || k.startsWith("CHARTER_") || k.startsWith("SPRING_")
                || k.startsWith("AWS_"));
        Process p = pb.start();
        String output;
        try {
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the runtime stopped by itself").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isNotZero();
        assertThat(output).contains("GOOGLE_CALENDAR_ID", "CHARTER_DISTRIBUTION_ID", "CHARTER_EDGE_URL",
                "CHARTER_WAIVER_FORM_URL", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_REFRESH_TOKEN",
                "CHARTER_OPERATOR_USER", "CHARTER_OPERATOR_PASSWORD");
        assertThat(output).as("one message, no stack trace").doesNotContain("\tat ", "Exception in thread");
        // it stops before any bean is made: no web server, no Camel, no call to any service
        assertThat(output).doesNotContain("Tomcat started", "Apache Camel", "Started CharterSyncApplication");
    }

    private static Path productJar() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "charter-sync-*.jar")) {
            for (Path jar : jars) {
                if (!jar.toString().contains("waiver")) {
                    return jar;
                }
            }
        }
        throw new IllegalStateException("no target/charter-sync-*.jar: run through mvn verify");
    }
}
