package com.jada.chartersync.security;

import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authentication as every non-local profile has it, switched on here over the local stand-ins so the real
 * endpoints answer: no credentials, 401; the operator's, 200; health stays open for probes.
 */
@SpringBootTest(classes = CharterSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "charter.security.enabled=true",
                "charter.security.operator-user=operator",
                "charter.security.operator-password=correct-horse-battery",
                "camel.main.jmx-enabled=false"})
@ActiveProfiles("local")
class SecuredOperatorEndpointsTest {

    private static final SandboxPorts PORTS = new SandboxPorts();

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        PORTS.register(registry);
    }

    @Autowired
    TestRestTemplate rest;

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
    void refusesToStartWithoutCredentials() {
        new ApplicationContextRunner()
                .withPropertyValues("charter.security.enabled=true")
                .withUserConfiguration(OperatorSecurityConfiguration.class)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("CHARTER_OPERATOR_USER and CHARTER_OPERATOR_PASSWORD"));
    }
}
