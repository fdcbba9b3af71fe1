package com.jada.chartersync.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's monitoring sees: health per dependency, metrics per route and per cycle. */
class ObservabilityTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    void healthShowsEveryDependencyAndTheCamelContext() throws Exception {
        JsonNode health = JSON.readTree(rest.getForObject("/actuator/health", String.class));
        assertThat(health.get("status").asText()).isEqualTo("UP");
        for (String dependency : new String[] {"calendarHealth", "dynamodbHealth", "s3Health", "cloudfrontHealth", "lambdaHealth", "camelHealth"}) {
            assertThat(health.at("/components/" + dependency + "/status").asText()).as(dependency).isEqualTo("UP");
        }
        assertThat(rest.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void readinessIsTheRuntimesOwnStateWithNoDependencyInIt() throws Exception {
        JsonNode readiness = JSON.readTree(rest.getForObject("/actuator/health/readiness", String.class));
        // a load balancer probing readiness does not pull a runtime that still does its job when the waiver
        // function (or any dependency this runtime retries and heals) fails; drift is not in it either
        assertThat(readiness.path("components").fieldNames()).toIterable().containsExactly("readinessState");
        JsonNode liveness = JSON.readTree(rest.getForObject("/actuator/health/liveness", String.class));
        assertThat(liveness.path("components").fieldNames()).toIterable().containsExactly("livenessState");
    }

    @Test
    void prometheusCarriesCycleAndRouteMetrics() {
        cycles.runCycle("test");
        String metrics = rest.getForObject("/actuator/prometheus", String.class);
        assertThat(metrics).contains("charter_cycle_duration_seconds_count{", "charter_cycle_records_written_total{",
                "charter_cycle_dead_letters_total{");
        assertThat(metrics).containsPattern("camel_exchanges_total\\{[^}]*routeId=\"sync-cycle\"");
    }
}
