package com.jada.chartersync.localcloud.dynamodb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * DynamoDB of the local cloud: dynalite (npm, Apache-2.0), an independent implementation that reproduces
 * DynamoDB's validation and error messages, run by Node.js as a child process. {@code src/test/dynalite} pins it
 * ({@code package.json}, {@code package-lock.json}); the build installs it there with {@code npm ci}.
 * The child ends with this JVM whatever way it ends: it holds the child's stdin, which closes even on SIGKILL,
 * and the child watches this JVM's pid too.
 */
public final class DynaliteProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DynaliteProcess.class);
    static final String INSTALL_HINT = "The local cloud runs DynamoDB as dynalite on Node.js 20 or newer: install "
            + "Node.js and npm (Debian: apt-get install nodejs npm), then run the command again.";

    private final Process process;
    private final int port;

    private DynaliteProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts dynalite on {@code host:port} with its LevelDB under {@code data} and waits until it answers. */
    public static DynaliteProcess start(Path home, String host, int port, Path data) throws IOException {
        checkNode();
        Path launcher = home.resolve("launch.js").toAbsolutePath();
        if (!Files.isDirectory(home.resolve("node_modules/dynalite"))) {
            throw new IOException("dynalite is not installed in " + home.toAbsolutePath()
                    + ": run 'mvn test-compile' (it runs npm ci there) or 'npm ci --ignore-scripts --prefix " + home + "'");
        }
        Files.createDirectories(data);
        Path log = data.resolveSibling(data.getFileName() + ".log");
        Process p = new ProcessBuilder("node", launcher.toString(), "--host", host, "--port", Integer.toString(port),
                "--path", data.toAbsolutePath().toString(), "--parent-pid", Long.toString(ProcessHandle.current().pid()))
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        DynaliteProcess dynalite = new DynaliteProcess(p, port);
        dynalite.awaitListening(host, log);
        return dynalite;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();  // the child stops (and closes LevelDB) when its stdin ends
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitListening(String host, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("dynalite exited with " + process.exitValue() + " before listening on " + host + ":"
                        + port + ": " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 200);
                LOG.debug("dynalite (pid {}) listening on {}:{}", process.pid(), host, port);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IOException("dynalite did not listen on " + host + ":" + port + " within 20 s: " + tail(log));
    }

    private static void checkNode() throws IOException {
        Process p;
        try {
            p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
        } catch (IOException noNode) {
            throw new IOException("node was not found on the PATH. " + INSTALL_HINT, noNode);
        }
        String version;
        try (InputStream in = p.getInputStream()) {
            version = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        int major;
        try {
            major = Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
        } catch (RuntimeException unreadable) {
            throw new IOException("node --version answered '" + version + "'. " + INSTALL_HINT, unreadable);
        }
        if (major < 20) {
            throw new IOException("node " + version + " is too old. " + INSTALL_HINT);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
