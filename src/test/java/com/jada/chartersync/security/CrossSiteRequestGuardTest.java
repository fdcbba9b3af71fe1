package com.jada.chartersync.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard in front of the runtime, on its own: which requests reach the application and which are refused. */
class CrossSiteRequestGuardTest {

    private final CrossSiteRequestGuard guard = new CrossSiteRequestGuard(new AllowedHosts(List.of("charter.example.com")));

    private static MockHttpServletRequest request(String method, String uri, String host) {
        MockHttpServletRequest r = new MockHttpServletRequest(method, uri);
        if (host != null) {
            r.addHeader("Host", host);
        }
        return r;
    }

    /** Runs the guard; answers null when the request reached the application, else the refusal. */
    private MockHttpServletResponse refusal(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        guard.doFilter(request, response, chain);
        return chain.getRequest() != null ? null : response;
    }

    @Test
    void scriptsAndTheRuntimesOwnPagesPass() throws Exception {
        assertThat(refusal(request("POST", "/api/sync", "localhost:8080"))).as("curl: no Origin").isNull();
        MockHttpServletRequest board = request("POST", "/board/sync", "localhost:8080");
        board.addHeader("Origin", "http://localhost:8080");
        board.addHeader("Sec-Fetch-Site", "same-origin");
        assertThat(refusal(board)).as("the board's own form").isNull();
        MockHttpServletRequest json = request("POST", "/api/events/x/crew", "127.0.0.1:8080");
        json.setContentType("application/json");
        json.setContent("{\"captain\":\"Sarah\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(json)).isNull();
        MockHttpServletRequest typed = request("GET", "/", "localhost:8080");
        typed.addHeader("Sec-Fetch-Site", "none");
        assertThat(refusal(typed)).as("an address typed into the browser").isNull();
    }

    @Test
    void aPostFromAnotherOriginOrSiteIsRefusedWithAJsonReason() throws Exception {
        MockHttpServletRequest otherPort = request("POST", "/api/sync", "127.0.0.1:8080");
        otherPort.addHeader("Origin", "http://127.0.0.1:8087");
        MockHttpServletResponse r = refusal(otherPort);
        assertThat(r).isNotNull();
        assertThat(r.getStatus()).isEqualTo(403);
        assertThat(r.getContentType()).startsWith("application/json");
        assertThat(r.getContentAsString()).contains("\"status\":403", "cross-site request refused", "Origin");

        MockHttpServletRequest sameSite = request("POST", "/api/reconcile", "localhost:8080");
        sameSite.addHeader("Sec-Fetch-Site", "same-site");
        assertThat(refusal(sameSite).getStatus()).isEqualTo(403);

        MockHttpServletRequest sandboxed = request("POST", "/board/sync", "localhost:8080");
        sandboxed.addHeader("Origin", "null");
        assertThat(refusal(sandboxed).getStatus()).as("a sandboxed frame or file: page").isEqualTo(403);
    }

    @Test
    void hostHeaderOfAnotherNameIsRefusedButProbesAndConfiguredNamesAnswer() throws Exception {
        MockHttpServletResponse rebound = refusal(request("GET", "/actuator/jolokia/version", "evil.example:8080"));
        assertThat(rebound.getStatus()).isEqualTo(403);
        assertThat(rebound.getContentAsString()).contains("charter.security.allowed-hosts");
        assertThat(refusal(request("GET", "/api/cycles", "[::1]:8080"))).isNull();
        assertThat(refusal(request("GET", "/api/cycles", "Charter.Example.com"))).isNull();
        assertThat(refusal(request("GET", "/actuator/health/readiness", "10.1.2.3:8080"))).as("a probe").isNull();
        assertThat(refusal(request("GET", "/actuator/health", "10.1.2.3:8080")).getStatus()).isEqualTo(403);
    }

    @Test
    void behindATlsProxyTheDeploymentsOwnOriginPasses() throws Exception {
        MockHttpServletRequest r = request("POST", "/board/sync", "charter.example.com");
        r.addHeader("Origin", "https://charter.example.com");
        assertThat(refusal(r)).isNull();
        r = request("POST", "/board/sync", "charter.example.com");
        r.addHeader("Origin", "https://charter.example.com:8443");
        assertThat(refusal(r)).isNotNull();
    }

    @Test
    void jolokiaIsGuardedForReadsToo() throws Exception {
        MockHttpServletRequest viaImage = request("GET", "/actuator/jolokia/exec/charter-sync:type=Operations,name=Triggers/syncNow",
                "127.0.0.1:8080");
        viaImage.addHeader("Referer", "http://127.0.0.1:8087/2026-05-31/quinn-guest.html");
        assertThat(refusal(viaImage).getStatus()).as("no Origin on a plain GET: the Referer tells").isEqualTo(403);
        MockHttpServletRequest preflight = request("OPTIONS", "/actuator/jolokia", "127.0.0.1:8080");
        preflight.addHeader("Origin", "http://evil.example");
        assertThat(refusal(preflight).getStatus()).isEqualTo(403);
        MockHttpServletRequest hawtio = request("POST", "/actuator/hawtio/jolokia", "127.0.0.1:8080");
        hawtio.addHeader("Sec-Fetch-Site", "cross-site");
        assertThat(refusal(hawtio).getStatus()).isEqualTo(403);
        MockHttpServletRequest fromHawtio = request("POST", "/actuator/jolokia", "localhost:8080");
        fromHawtio.addHeader("Origin", "http://localhost:8080");
        fromHawtio.addHeader("Referer", "http://localhost:8080/actuator/hawtio/camel/routes");
        assertThat(refusal(fromHawtio)).isNull();
        assertThat(refusal(request("GET", "/actuator/jolokia/version", "localhost:8080"))).as("curl").isNull();
    }

    @Test
    void apiBodiesMustBeJsonSoAFormCannotCarryThem() throws Exception {
        MockHttpServletRequest form = request("POST", "/api/sync", "localhost:8080");
        form.setContentType("application/x-www-form-urlencoded");
        form.setContent("a=b".getBytes(StandardCharsets.UTF_8));
        MockHttpServletResponse r = refusal(form);
        assertThat(r.getStatus()).isEqualTo(403);
        assertThat(r.getContentAsString()).contains("application/json");
        MockHttpServletRequest text = request("POST", "/api/events/x/crew", "localhost:8080");
        text.setContentType("text/plain");
        text.setContent("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(text).getStatus()).isEqualTo(403);
        MockHttpServletRequest untyped = request("POST", "/api/events/x/crew", "localhost:8080");
        untyped.setContent("{}".getBytes(StandardCharsets.UTF_8));
        assertThat(refusal(untyped).getStatus()).isEqualTo(403);
        MockHttpServletRequest emptyForm = request("POST", "/api/sync", "localhost:8080");
        emptyForm.setContentType("application/x-www-form-urlencoded");
        assertThat(refusal(emptyForm)).as("no body: what Java's HttpURLConnection sends for an empty POST").isNull();
    }

    @Test
    void malformedPathsAnswer400() throws Exception {
        for (String uri : new String[] {"/actuator/health;x=/../jolokia", "/actuator/health/..;/jolokia",
                "/actuator/health/%2e%2e/jolokia", "/api%2fsync", "/actuator//jolokia"}) {
            MockHttpServletResponse r = refusal(request("GET", uri, "localhost:8080"));
            assertThat(r).as(uri).isNotNull();
            assertThat(r.getStatus()).as(uri).isEqualTo(400);
            assertThat(r.getContentAsString()).contains("malformed request");
        }
    }
}
