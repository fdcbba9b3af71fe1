package com.jada.chartersync.sync;

import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.SyncCycles;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real restart: the runtime stops and starts again on the same data directory (stand-in state and the
 * DynamoDB-held cursor survive), and its next cycle republishes nothing that did not change.
 */
class RestartTest {

    private final SandboxPorts ports = new SandboxPorts();

    @Test
    void restartedRuntimeContinuesIncrementallyAndRepublishesNothingUnchanged() throws Exception {
        List<String> args = new ArrayList<>(ports.arguments());
        args.addAll(List.of("--server.port=0", "--charter.sync.poll-enabled=false", "--camel.main.jmx-enabled=false",
                // the shared test runtime in this JVM already holds the operator MBean
                "--spring.jmx.enabled=false"));
        CycleSummary first;
        try (ConfigurableApplicationContext app = start(args)) {
            first = app.getBean(SyncCycles.class).runCycle("test");
        }
        assertThat(first.pagesVerified()).isEqualTo(3);

        try (ConfigurableApplicationContext app = start(args)) {
            SandboxClient sandbox = new SandboxClient(ports.calendar, ports.edge);
            CycleSummary afterRestart = app.getBean(SyncCycles.class).runCycle("test");

            assertThat(afterRestart.calendarRead()).isEqualTo("incremental");
            assertThat(afterRestart.recordsWritten()).isZero();
            assertThat(afterRestart.pagesUploaded()).isZero();
            assertThat(afterRestart.pathsInvalidated()).isZero();
            assertThat(sandbox.edge("2026-05-31/quinn-guest.html").body()).contains("Captain Sarah");
        }
    }

    private static ConfigurableApplicationContext start(List<String> args) {
        return new SpringApplicationBuilder(CharterSyncApplication.class).profiles("local").run(args.toArray(String[]::new));
    }
}
