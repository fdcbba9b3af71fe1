package com.jada.chartersync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The runtime's image as Jib wrote it (mvn -Pimage package: target/jib-image.tar, Docker's load format): what the
 * image runs, as whom, on which port. Jib pulls its base image from Docker Hub, so a build without the image
 * profile, or a machine that cannot reach Docker Hub, has no tarball to read.
 */
class ImageTarballIT {

    private static final Path TAR = Path.of(System.getProperty("charter.imageTar", "target/jib-image.tar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageRunsTheRuntimeAsANonRootUserOnPort8080WithTheDocumentedJvmOptions() throws IOException {
        assumeTrue(Files.isRegularFile(TAR), TAR + " is not there: it is written by mvn -Pimage package, which pulls "
                + "eclipse-temurin:17-jre from Docker Hub (unreachable from this build's machine)");
        Map<String, byte[]> entries = entries(TAR);
        JsonNode manifest = JSON.readTree(entries.get("manifest.json")).get(0);
        JsonNode config = JSON.readTree(entries.get(manifest.path("Config").asText())).path("config");
        assertThat(config.path("User").asText()).isEqualTo("1000:1000");
        assertThat(config.path("ExposedPorts").has("8080/tcp")).isTrue();
        String entrypoint = config.path("Entrypoint").toString();
        assertThat(entrypoint).contains("java", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
                "com.jada.chartersync.CharterSyncApplication");
        assertThat(config.path("Labels").path("com.jada.chartersync.readiness-path").asText())
                .isEqualTo("/actuator/health/readiness");
        assertThat(config.path("Env").toString()).contains("CHARTER_DEAD_LETTER_JOURNAL=/tmp/");
        assertThat(manifest.path("Layers").size()).isGreaterThan(1);
    }

    /** The small JSON entries of a ustar archive (layers are skipped, not kept). */
    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                long size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(), 8);
                long padded = (size + 511) / 512 * 512;
                if (name.endsWith(".json") && size < 1_000_000) {
                    out.put(name, in.readNBytes((int) size));
                    in.skipNBytes(padded - size);
                } else {
                    in.skipNBytes(padded);
                }
            }
        }
        return out;
    }
}
