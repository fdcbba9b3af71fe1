package com.jada.chartersync.architecture;

import com.jada.chartersync.authorize.ConsentBrowser;
import com.jada.chartersync.localcloud.calendar.CalendarSandbox;
import com.jada.chartersync.sync.SandboxClient;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;

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
        // the infrastructure (infra/, test sources) and the CDK it runs on stay out of the product
        assertThat(entries).noneMatch(e -> e.toLowerCase().contains("cdk") || e.contains("com/jada/chartersync/infra/")
                || e.contains("jsii") || e.contains("/constructs-"));
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
                "CHARTER_WAIVER_FORM_URL", "CHARTER_PHOTO_CODE_KEY", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_REFRESH_TOKEN",
                "CHARTER_OPERATOR_USER", "CHARTER_OPERATOR_PASSWORD");
        assertThat(output).as("one message, no stack trace").doesNotContain("\tat ", "Exception in thread");
        // it stops before any bean is made: no web server, no Camel, no call to any service
        assertThat(output).doesNotContain("Tomcat started", "Apache Camel", "Started CharterSyncApplication");
    }

    @Test
    void authorizeModePrintsARefreshTokenAfterTheConsentThatTheTokenEndpointThenHonours() throws Exception {
        CalendarSandbox sandbox = new CalendarSandbox(null, "cal", "America/Los_Angeles").start("127.0.0.1", 0);
        String base = "http://127.0.0.1:" + sandbox.port();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", productJar().toString(), "--authorize",
                "--charter.calendar.auth-url=" + base + "/o/oauth2/v2/auth", "--charter.calendar.token-url=" + base + "/token",
                "--camel.component.google-calendar.client-id=" + CalendarSandbox.LOCAL_CLIENT_ID,
                "--camel.component.google-calendar.client-secret=" + CalendarSandbox.LOCAL_CLIENT_SECRET)
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("GOOGLE_") || k.startsWith("CHARTER_") || k.startsWith("SPRING_"));
        Process p = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder printed = new StringBuilder();
            String consent = null;
            while (consent == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                printed.append(line).append('\n');
                if (line.strip().startsWith(base + "/o/oauth2/v2/auth?")) {
                    consent = line.strip();
                }
            }
            assertThat(consent).as("the consent address it prints: " + printed).isNotNull();
            new ConsentBrowser().browse(consent);
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                printed.append(line).append('\n');
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(printed.toString()).isZero();
            String refreshToken = printed.toString().lines().filter(l -> l.startsWith("1//")).findFirst().orElseThrow();
            assertThat(printed.toString()).contains("GOOGLE_REFRESH_TOKEN");
            assertThat(sandbox.oauth().lastCodeExchangeVerifiedPkce()).as("code exchanged with its PKCE verifier").isTrue();
            assertThat(SandboxClient.accessToken(base + "/token", CalendarSandbox.LOCAL_CLIENT_ID,
                    CalendarSandbox.LOCAL_CLIENT_SECRET, refreshToken)).startsWith("ya29.");
        } finally {
            p.destroyForcibly();
            sandbox.close();
        }
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
