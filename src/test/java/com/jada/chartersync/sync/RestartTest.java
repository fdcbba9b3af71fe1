package com.jada.chartersync.sync;

import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.cycle.CycleSummary;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.jada.chartersync.authorize.AuthorizeCommand;
import com.jada.chartersync.authorize.ConsentBrowser;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real restart: the runtime stops and starts again on the same data directory (stand-in state and the
 * DynamoDB-held cursor survive), and its next cycle republishes nothing that did not change. Between the two runs
 * the operator re-authorizes: {@code --authorize} against the local consent and token endpoints prints a new
 * refresh token, the old one is revoked, and the restarted runtime reads the calendar with the new one.
 */
class RestartTest {

    private final SandboxPorts ports = new SandboxPorts();

    @Test
    void restartedRuntimeContinuesIncrementallyWithTheRefreshTokenTheAuthorizeCommandPrinted() throws Exception {
        List<String> args = new ArrayList<>(ports.arguments());
        args.addAll(List.of("--server.port=0", "--charter.sync.poll-enabled=false", "--camel.main.jmx-enabled=false",
                // the shared test runtime in this JVM already holds the operator MBean
                "--spring.jmx.enabled=false"));
        CycleSummary first;
        String printed;
        ConsentBrowser browser = new ConsentBrowser();
        try (ConfigurableApplicationContext app = start(args)) {
            first = app.getBean(SyncCycles.class).runCycle("test");

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = new AuthorizeCommand(app.getEnvironment(), browser).run(new PrintStream(out, true, StandardCharsets.UTF_8));
            printed = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(printed).isZero();
            // the seeded refresh token goes: only the one the command printed can work from now on
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.calendar
                    + "/token/revoke")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(200);
        }
        assertThat(first.pagesVerified()).isEqualTo(3);
        assertThat(browser.opened()).contains("/o/oauth2/v2/auth?", "access_type=offline", "prompt=consent",
                "code_challenge_method=S256", "scope=https://www.googleapis.com/auth/calendar.events", "redirect_uri=http://127.0.0.1:");
        String refreshToken = printed.lines().filter(l -> l.startsWith("1//")).findFirst().orElseThrow();
        assertThat(printed).contains("GOOGLE_REFRESH_TOKEN");
        args.add("--camel.component.google-calendar.refresh-token=" + refreshToken);

        try (ConfigurableApplicationContext app = start(args)) {
            SandboxClient sandbox = new SandboxClient(ports.calendar, ports.edge);
            CycleSummary afterRestart = app.getBean(SyncCycles.class).runCycle("test");

            assertThat(afterRestart.failures()).as("read with the new refresh token").isEmpty();
            assertThat(afterRestart.calendarRead()).isEqualTo("incremental");
            assertThat(afterRestart.recordsWritten()).isZero();
            assertThat(afterRestart.pagesUploaded()).isZero();
            assertThat(afterRestart.pathsInvalidated()).isZero();
            assertThat(sandbox.edge("2026-05-31/quinn-guest.html").body()).contains("Captain Sarah");
        }
    }

    /** A runtime on the local cloud, once it leads (full cycles run on the leader). */
    private static ConfigurableApplicationContext start(List<String> args) throws InterruptedException {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(CharterSyncApplication.class).profiles("local")
                .run(args.toArray(String[]::new));
        com.jada.chartersync.LocalSandboxTest.awaitLeads(app.getBean(com.jada.chartersync.leader.Leadership.class));
        return app;
    }
}
