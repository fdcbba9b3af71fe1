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

/**
 * The runtime's image as Jib wrote it (Docker's load format): what the image runs, as whom, on which port. Every build
 * writes the image's configuration on an empty base ({@code target/jib-image-on-scratch.tar}: no registry needed);
 * profile image ({@code mvn -Pimage package}) also writes the real image on the Java 17 JRE base from Docker Hub
 * ({@code target/jib-image.tar}), checked the same way.
 */
class ImageTarballIT {

    private static final Path ON_SCRATCH = Path.of(System.getProperty("charter.imageOnScratchTar",
            "target/jib-image-on-scratch.tar"));
    private static final Path REAL = Path.of(System.getProperty("charter.imageTar", "target/jib-image.tar"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theImageRunsTheRuntimeAsANonRootUserOnPort8080WithTheDocumentedJvmOptions() throws IOException {
        checkImage(ON_SCRATCH);
        if (Boolean.getBoolean("charter.imageReal")) {
            checkImage(REAL);
        }
    }

    private static void checkImage(Path tar) throws IOException {
        assertThat(tar).as("Jib's tarball, written at package").isRegularFile();
        Map<String, byte[]> entries = entries(tar);
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
        assertThat(manifest.path("Layers").size()).as("the libraries, resources and classes in layers of their own")
                .isGreaterThan(2);
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
