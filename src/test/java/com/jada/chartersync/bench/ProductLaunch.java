package com.jada.chartersync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * The product started the way docs/operations.md ("Running the jar") tells an operator to: the jar extracted
 * ({@code java -Djarmode=tools -jar charter-sync.jar extract}), a class-data-sharing archive made once by a training
 * run that stops after the context refreshed ({@code -XX:ArchiveClassesAtExit}, {@code -Dspring.context.exit=onRefresh}),
 * then {@link #JVM_OPTIONS} with {@code -XX:SharedArchiveFile}. {@code -Dbench.cds=false} starts the jar as built,
 * with the same options and no archive.
 */
final class ProductLaunch {

    /** The heap and stack sizes and the collector docs/operations.md documents (measured there). */
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC");

    private final Path jar;
    private final Path archive;
    private final List<String> extra;

    private ProductLaunch(Path jar, Path archive, List<String> extra) {
        this.jar = jar;
        this.archive = archive;
        this.extra = extra;
    }

    /** Extracts the jar into {@code dir} (again when the jar is newer) unless CDS is off. */
    static ProductLaunch prepare(Path builtJar, Path dir, List<String> extraJvmArgs) throws Exception {
        if (!Boolean.parseBoolean(System.getProperty("bench.cds", "true"))) {
            return new ProductLaunch(builtJar, null, extraJvmArgs);
        }
        Path extracted = dir.resolve(builtJar.getFileName());
        Path archive = dir.resolve("application.jsa");
        // a jar packaged again from the same classes keeps its extraction and archive (CDS checks the extracted
        // jars' times and sizes, which then stay as they were)
        String content = contentKey(builtJar);
        Path key = dir.resolve("content.key");
        if (!Files.exists(extracted) || !Files.exists(key) || !Files.readString(key).equals(content)) {
            deleteRecursively(dir);
            run(List.of(java(), "-Djarmode=tools", "-jar", builtJar.toString(), "extract", "--destination", dir.toString()),
                    dir.getParent(), Duration.ofMinutes(2), "extracting " + builtJar);
            Files.writeString(key, content);
        }
        return new ProductLaunch(extracted, archive, extraJvmArgs);
    }

    /** What the jar holds, not when it was packaged: every entry's name, size and CRC, hashed. */
    private static String contentKey(Path jar) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().sorted(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName)).forEach(e ->
                    sha.update((e.getName() + ":" + e.getSize() + ":" + e.getCrc() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Makes the CDS archive if there is none yet: the product started with {@code productArgs} (a local cloud must
     * be up: the context connects to it while it refreshes) and stopped once its context refreshed.
     */
    void trainIfNeeded(List<String> productArgs, Path work) throws Exception {
        if (archive == null || Files.exists(archive)) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Dspring.context.exit=onRefresh", "-jar", jar.toString()));
        cmd.addAll(productArgs);
        cmd.addAll(List.of("--server.port=0", "--charter.sync.poll-enabled=false"));
        long t = System.nanoTime();
        run(cmd, work, Duration.ofMinutes(4), "the CDS training run");
        System.out.printf("CDS archive %s made in %.1f s%n", archive, (System.nanoTime() - t) / 1e9);
    }

    /** JVM options and {@code -jar <jar>}, to follow {@code java}. */
    List<String> command() {
        List<String> cmd = new ArrayList<>(JVM_OPTIONS);
        if (archive != null && Files.exists(archive)) {
            cmd.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        }
        cmd.addAll(extra);
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    @Override
    public String toString() {
        return String.join(" ", command());
    }

    /** {@code charter.sync.concurrency}'s default in the jar's application.yaml, else 16 (the figure the issue sizes for). */
    static int defaultConcurrency(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var entry = zip.getEntry("BOOT-INF/classes/application.yaml");
            if (entry != null) {
                String yaml = new String(zip.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                Matcher m = Pattern.compile("(?m)^\\s+concurrency:\\s*(?:\\$\\{[A-Z_]+:)?(\\d+)").matcher(yaml);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return 16;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(List<String> cmd, Path dir, Duration timeout, String what) throws Exception {
        Files.createDirectories(dir);
        Path log = Files.createTempFile("charter-sync-bench", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(what + " did not end within " + timeout + ", see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (" + p.exitValue() + "), see " + log);
        }
        Files.deleteIfExists(log);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
