package com.jada.chartersync.sync;

import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.SyncCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real restart: the runtime stops and starts again on the same data directory (stand-in state and the
 * DynamoDB-held cursor survive), and its next cycle republishes nothing that did not change.
 */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void restartedRuntimeContinuesIncrementallyAndRepublishesNothingUnchanged() throws Exception {
        String[] args = args();
        CycleSummary first;
        try (ConfigurableApplicationContext app = start(args)) {
            first = app.getBean(SyncCycles.class).runCycle("test");
        }
        assertThat(first.pagesVerified()).isEqualTo(3);

        try (ConfigurableApplicationContext app = start(args)) {
            SandboxClient sandbox = new SandboxClient(port(args, "calendar-port"), port(args, "edge-port"));
            CycleSummary afterRestart = app.getBean(SyncCycles.class).runCycle("test");

            assertThat(afterRestart.calendarRead()).isEqualTo("incremental");
            assertThat(afterRestart.recordsWritten()).isZero();
            assertThat(afterRestart.pagesUploaded()).isZero();
            assertThat(afterRestart.pathsInvalidated()).isZero();
            assertThat(sandbox.edge("2026-05-31/quinn-guest.html").body()).contains("Captain Sarah");
        }
    }

    private static ConfigurableApplicationContext start(String[] args) {
        return new SpringApplicationBuilder(CharterSyncApplication.class).profiles("local").run(args);
    }

    private String[] args() throws IOException {
        return new String[] {
            "--server.port=0",
            "--charter.local.data-dir=" + data,
            "--charter.local.dynamodb-port=" + freePort(),
            "--charter.local.s3-port=" + freePort(),
            "--charter.local.calendar-port=" + freePort(),
            "--charter.local.cloudfront-port=" + freePort(),
            "--charter.local.edge-port=" + freePort(),
            "--charter.local.lambda-port=" + freePort(),
            "--charter.sync.poll-enabled=false",
            "--camel.main.jmx-enabled=false",
            // the shared test runtime in this JVM already holds the operator MBean
            "--spring.jmx.enabled=false",
        };
    }

    private static int port(String[] args, String name) {
        for (String a : args) {
            if (a.startsWith("--charter.local." + name + "=")) {
                return Integer.parseInt(a.substring(a.indexOf('=') + 1));
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
