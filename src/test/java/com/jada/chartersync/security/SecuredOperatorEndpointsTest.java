package com.jada.chartersync.security;

import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import com.jada.chartersync.calendar.CalendarPushChannel;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.localcloud.LocalCloud;
import com.jada.chartersync.record.EventRecordStore;
import com.jada.chartersync.sync.SandboxClient;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Authentication as every non-local profile has it, switched on here over the local stand-ins so the real
 * endpoints answer: no credentials, 401; the operator's, 200; health stays open for probes. Calendar push
 * notifications are on as on the embedded default: Google's posts carry no credentials, so the webhook is open and
 * guarded by its channel's id and token, and a calendar edit reaches the edge without anyone calling /api/sync.
 */
@SpringBootTest(classes = CharterSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "charter.security.enabled=true",
                "charter.security.operator-user=operator",
                "charter.security.operator-password=correct-horse-battery",
                // what every profile but local has (application.yaml's local document shows everything; see below)
                "management.endpoint.health.show-details=when-authorized",
                "management.endpoint.health.show-components=when-authorized",
                "camel.main.jmx-enabled=false"})
@ActiveProfiles("local")
class SecuredOperatorEndpointsTest {

    private static final SandboxPorts PORTS = new SandboxPorts();

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        PORTS.registerWithPush(registry);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate rest;
    @LocalServerPort
    int port;

    private Map<String, String> operatorFrom(String origin) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.put("Origin", origin);
        h.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "operator:correct-horse-battery".getBytes(StandardCharsets.UTF_8)));
        h.put("Content-Type", "text/plain");
        return h;
    }
    @Autowired
    LocalCloud standIns;
    @Autowired
    SyncCycles cycles;
    @Autowired
    EventRecordStore records;
    @Autowired
    CalendarPushChannel push;

    private final SandboxClient sandbox = new SandboxClient(PORTS.calendar, PORTS.edge);

    @Test
    void operatorEndpointsHawtioAndJolokiaNeedCredentials() {
        assertThat(rest.postForEntity("/api/sync", null, String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(rest.getForEntity("/actuator/jolokia/version", String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(rest.getForEntity("/actuator/hawtio/", String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(rest.getForEntity("/api/dead-letters", String.class).getStatusCode().value()).isEqualTo(401);
        assertThat(rest.getForEntity("/", String.class).getStatusCode().value()).as("status board").isEqualTo(401);
        assertThat(rest.getForEntity("/manifest/2026-05-31", String.class).getStatusCode().value()).as("manifest").isEqualTo(401);
        assertThat(rest.getForEntity("/manifest/2026-05-31.csv", String.class).getStatusCode().value()).as("manifest CSV").isEqualTo(401);
        assertThat(rest.postForEntity("/board/sync", null, String.class).getStatusCode().value()).isEqualTo(403);
        assertThat(rest.withBasicAuth("operator", "wrong-password-123").getForEntity("/api/dead-letters", String.class)
                .getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void withTheOperatorsCredentialsTheyAnswer() {
        TestRestTemplate operator = rest.withBasicAuth("operator", "correct-horse-battery");
        assertThat(operator.postForEntity("/api/sync", null, String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(operator.getForEntity("/actuator/jolokia/version", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(operator.getForEntity("/actuator/hawtio/", String.class).getStatusCode().value()).isEqualTo(200);
        assertThat(operator.getForEntity("/", String.class).getBody()).contains("charters agree in every layer");
        assertThat(operator.getForEntity("/manifest/2026-05-31", String.class).getBody()).contains("Manifest · Sunday, May 31, 2026");
        // credentials alone are not enough for the board's forms: a browser's cross-site post carries no token
        assertThat(operator.postForEntity("/board/sync", null, String.class).getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void healthStaysOpenForProbes() {
        assertThat(rest.getForEntity("/actuator/health/liveness", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void calendarWebhookIsOpenToGoogleButOnlyWithItsChannelIdAndToken() throws Exception {
        String channel = openChannel();
        String token = standIns.calendar().channelToken(channel);
        Object acceptedBefore = push.describe().get("notifications");

        assertThat(notify("not-our-channel", token, "exists").getStatusCode().value()).isEqualTo(404);
        assertThat(notify(channel, "a-guessed-token", "exists").getStatusCode().value()).isEqualTo(403);
        assertThat(notify(channel, null, "exists").getStatusCode().value()).isEqualTo(403);
        assertThat(push.describe().get("notifications")).as("a refused notification is not taken in").isEqualTo(acceptedBefore);

        // the health details (for the operator: anonymous callers see the status only) name the channel, never its token
        assertThat(rest.withBasicAuth("operator", "correct-horse-battery").getForObject("/actuator/health", String.class))
                .as("the channel on the health page, not its token")
                .contains("\"push\"", channel).doesNotContain(token);

        long pushCycles = pushCycles();
        ResponseEntity<String> accepted = notify(channel, token, "exists");
        assertThat(accepted.getStatusCode().value()).isEqualTo(200);
        waitFor(() -> pushCycles() > pushCycles, "a cycle started by the notification");
    }

    @Test
    void calendarEditIsVerifiedAtTheEdgeWithinTwoSecondsThroughPushWithoutASyncCall() throws Exception {
        openChannel();
        cycles.runCycle("test");
        String calendarEventId = records.item("danika-sunday-2026-06-14").get("calendarEventId").s();
        List<Long> latencies = new ArrayList<>();
        String[] crews = {"Gene", "Marcus", "Angelia", "Gene", "Darrell"};
        String previous = "Angelia";
        for (String crew : crews) {
            String before = previous;
            long started = System.nanoTime();
            sandbox.patchDescription(calendarEventId, "Guest: Danika\nType: sunset-sail\nArrival: 3-7 PM\nCaptain: Sarah\nCrew: "
                    + crew + "\nParty size: 8");
            waitFor(() -> {
                try {
                    String page = sandbox.edge("2026-06-14/danika-guest.html").body();
                    return page.contains("Deckhand " + crew) && !page.contains("Deckhand " + before);
                } catch (Exception e) {
                    return false;
                }
            }, "Danika's page with " + crew + " at the edge");
            latencies.add((System.nanoTime() - started) / 1_000_000);
            previous = crew;
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        long median = sorted.get(sorted.size() / 2);
        System.out.println("push.edit_to_verified ms: " + latencies + ", median " + median);
        assertThat(median).as("calendar edit to verified at the edge, median of %s", latencies).isLessThanOrEqualTo(2_000L);
        assertThat(cycles.recent()).anyMatch(c -> "push".equals(c.trigger()) && c.pagesVerified() >= 1);
    }

    private long pushCycles() {
        return cycles.recent().stream().filter(c -> "push".equals(c.trigger())).count();
    }

    private String openChannel() throws InterruptedException {
        waitFor(() -> standIns.calendar().openChannelIds().size() == 1, "the runtime's push channel open");
        return standIns.calendar().openChannelIds().get(0);
    }

    private ResponseEntity<String> notify(String channelId, String token, String state) {
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Goog-Channel-ID", channelId);
        if (token != null) {
            headers.set("X-Goog-Channel-Token", token);
        }
        headers.set("X-Goog-Resource-State", state);
        headers.set("X-Goog-Resource-ID", "rs");
        headers.set("X-Goog-Message-Number", "99");
        return rest.exchange("/api/calendar/notifications", HttpMethod.POST, new HttpEntity<>(headers), String.class);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void refusesToStartWithoutCredentials() {
        new ApplicationContextRunner()
                .withPropertyValues("charter.security.enabled=true")
                .withUserConfiguration(OperatorSecurityConfiguration.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("CHARTER_OPERATOR_USER and CHARTER_OPERATOR_PASSWORD"));
    }

    @Test
    void withCredentialsAForeignOriginGetsNoCorsGrantFromJolokia() throws Exception {
        Map<String, String> foreign = operatorFrom("http://evil.example");
        foreign.put("Sec-Fetch-Site", "cross-site");
        RawHttp.Response refused = RawHttp.send(port, "POST", "/actuator/jolokia", foreign, "{\"type\":\"version\"}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
        assertThat(refused.header("Access-Control-Allow-Credentials")).isNull();

        // Hawtio, served from the runtime itself, needs no CORS grant and gets none
        RawHttp.Response own = RawHttp.send(port, "POST", "/actuator/jolokia", operatorFrom("http://127.0.0.1:" + port),
                "{\"type\":\"version\"}");
        assertThat(own.status()).isEqualTo(200);
        assertThat(JSON.readTree(own.body()).get("status").asInt()).isEqualTo(200);
        assertThat(own.header("Access-Control-Allow-Origin")).isNull();
        assertThat(own.header("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void securityCanOnlyBeSwitchedOffWhileListeningOnLoopback() {
        ApplicationContextRunner open = new ApplicationContextRunner().withPropertyValues("charter.security.enabled=false")
                .withUserConfiguration(OperatorSecurityConfiguration.class);
        open.withPropertyValues("server.address=0.0.0.0").run(context -> assertThat(context).getFailure().rootCause()
                .hasMessageContaining("set server.address=127.0.0.1 (it is '0.0.0.0')"));
        open.run(context -> assertThat(context).getFailure().rootCause()
                .as("no address: every interface").hasMessageContaining("set server.address=127.0.0.1"));
        open.withPropertyValues("server.address=127.0.0.1", "management.server.port=9999").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("management.server.address=127.0.0.1"));
        // the local profile's own settings
        assertThatNoException().isThrownBy(() -> OperatorSecurityConfiguration.requireLoopback("server.address", "127.0.0.1"));
        assertThatNoException().isThrownBy(() -> OperatorSecurityConfiguration.requireLoopback("server.address", "::1"));
    }

    @Test
    void healthShowsStatusOnlyToAnonymousCallersAndDetailsToTheOperator() throws Exception {
        String anonymous = rest.getForObject("/actuator/health", String.class);
        assertThat(JSON.readTree(anonymous).get("status").asText()).isEqualTo("UP");
        assertThat(JSON.readTree(anonymous).has("components")).as(anonymous).isFalse();
        assertThat(anonymous).doesNotContain("jada-", "E2XYZABC1234D");

        JsonNode operator = JSON.readTree(rest.withBasicAuth("operator", "correct-horse-battery")
                .getForObject("/actuator/health", String.class));
        assertThat(operator.at("/components/s3Health/status").asText()).isEqualTo("UP");
        assertThat(operator.at("/components/dynamodbHealth/status").asText()).isEqualTo("UP");
    }

    /** The properties above stand in for the default document of application.yaml; this holds them to it. */
    @Test
    void everyProfileButLocalShowsHealthDetailsToTheOperatorOnly() throws Exception {
        PropertySource<?> defaults = new YamlPropertySourceLoader().load("application.yaml",
                new ClassPathResource("application.yaml")).get(0);
        assertThat(String.valueOf(defaults.getProperty("management.endpoint.health.show-details"))).isEqualTo("when-authorized");
        assertThat(String.valueOf(defaults.getProperty("management.endpoint.health.show-components"))).isEqualTo("when-authorized");
        assertThat(String.valueOf(defaults.getProperty("management.endpoint.health.roles"))).isEqualTo("OPERATOR");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void malformedPathsAnswer400WithoutAnErrorStackTrace(CapturedOutput output) throws Exception {
        Map<String, String> anonymous = new LinkedHashMap<>();
        anonymous.put("Host", "127.0.0.1:" + port);
        for (String path : new String[] {"/actuator/health;x=/../jolokia", "/actuator/health/..;/jolokia",
                "/actuator/health/%2e%2e/jolokia", "/actuator/health%2f..%2fjolokia", "/api/..;/actuator/jolokia/version"}) {
            RawHttp.Response r = RawHttp.send(port, "GET", path, anonymous, null);
            assertThat(r.status()).as(path).isEqualTo(400);
            // Tomcat refuses an encoded slash itself (its own 400 page); everything else gets the guard's JSON
            assertThat(r.body()).as(path).containsAnyOf("malformed request", "HTTP Status 400").doesNotContain("\"agent\"");
        }
        assertThat(output.getAll()).doesNotContain("ERROR").doesNotContain("Exception");
    }
}
