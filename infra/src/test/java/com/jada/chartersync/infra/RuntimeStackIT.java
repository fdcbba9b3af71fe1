package com.jada.chartersync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.jada.chartersync.config.RequiredSettings;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.jada.chartersync.infra.SynthesizedStacks.ADOPTED;
import static com.jada.chartersync.infra.SynthesizedStacks.NEW;
import static com.jada.chartersync.infra.SynthesizedStacks.resources;
import static com.jada.chartersync.infra.SynthesizedStacks.single;
import static org.assertj.core.api.Assertions.assertThat;

/** The always-on runtime, as synthesized. */
class RuntimeStackIT {

    private static JsonNode container(SynthesizedStacks.Synth synth) {
        JsonNode containers = single(synth.runtimeJson(), "AWS::ECS::TaskDefinition").path("Properties").path("ContainerDefinitions");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    /** The task's environment as the runtime would see it: plain values as given, every secret as some value. */
    private static ConfigurableEnvironment runtimeEnvironment(SynthesizedStacks.Synth synth) {
        Map<String, Object> variables = new LinkedHashMap<>();
        container(synth).path("Environment").forEach(e -> variables.put(e.path("Name").asText(),
                e.path("Value").isTextual() ? e.path("Value").asText() : "resolved-at-deploy"));
        container(synth).path("Secrets").forEach(s -> variables.put(s.path("Name").asText(), "from-secrets-manager"));
        return RuntimeEnvironment.with(variables);
    }

    @Test
    void theTaskEnvironmentNamesEverySettingRequiredSettingsDemands() {
        for (SynthesizedStacks.Synth synth : List.of(NEW, ADOPTED)) {
            ConfigurableEnvironment env = runtimeEnvironment(synth);
            // what the runtime's own start-up check would say to a task started with this environment
            assertThat(RequiredSettings.missing(env)).isEmpty();
            assertThat(RequiredSettings.required(env)).hasSizeGreaterThanOrEqualTo(12);
        }
        assertThat(RequiredSettings.required(runtimeEnvironment(ADOPTED)))
                .extracting(RequiredSettings.Setting::environmentVariable)
                .as("a domain of its own turns push on, which needs its public address")
                .contains("CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL");
        assertThat(container(ADOPTED).path("Environment").toString())
                .contains("{\"Name\":\"CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL\",\"Value\":\"https://charters.example.com\"}");
    }

    @Test
    void credentialsReachTheTaskFromSecretsManagerOnly() {
        JsonNode container = container(NEW);
        List<String> secrets = List.of("GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_REFRESH_TOKEN",
                "CHARTER_OPERATOR_PASSWORD", "CHARTER_PHOTO_CODE_KEY");
        List<String> named = container.path("Secrets").findValuesAsText("Name");
        assertThat(named).containsExactlyInAnyOrderElementsOf(secrets);
        assertThat(container.path("Environment").findValuesAsText("Name")).doesNotContainAnyElementsOf(secrets);
        container.path("Secrets").forEach(s -> assertThat(s.path("ValueFrom").toString())
                .matches(".*(GoogleCredentials|OperatorPassword|PhotoCodeKey).*"));
        assertThat(container.path("Secrets").toString()).contains(":clientId::", ":clientSecret::", ":refreshToken::");
    }

    @Test
    void twoTasksRunInPublicSubnetsWithPublicAddressesAndNoNatGateway() {
        JsonNode service = single(NEW.runtimeJson(), "AWS::ECS::Service").path("Properties");
        assertThat(service.path("DesiredCount").asInt()).isEqualTo(2);
        assertThat(service.path("LaunchType").asText()).isEqualTo("FARGATE");
        assertThat(service.path("NetworkConfiguration").path("AwsvpcConfiguration").path("AssignPublicIp").asText())
                .isEqualTo("ENABLED");
        NEW.runtime().resourceCountIs("AWS::EC2::NatGateway", 0);
        NEW.runtime().resourceCountIs("AWS::EC2::EIP", 0);
        for (JsonNode subnet : resources(NEW.runtimeJson(), "AWS::EC2::Subnet")) {
            assertThat(subnet.path("Properties").path("MapPublicIpOnLaunch").asBoolean()).isTrue();
        }
        assertThat(single(ADOPTED.runtimeJson(), "AWS::ECS::Service").path("Properties").path("DesiredCount").asInt())
                .as("context desiredCount").isEqualTo(1);
    }

    @Test
    void theImageIsTheOneJibPushedNotOneBuiltHere() {
        assertThat(container(NEW).path("Image").toString()).contains(".dkr.ecr.", "/charter-sync:test");
        assertThat(NEW.runtimeJson().toString()).doesNotContain("cdk-hnb659fds-container-assets");
        JsonNode ports = container(NEW).path("PortMappings");
        assertThat(ports.get(0).path("ContainerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void theBalancerIsReachableOnlyFromCloudFront() {
        List<JsonNode> ingress = resources(NEW.runtimeJson(), "AWS::EC2::SecurityGroupIngress");
        JsonNode balancerGroup = single(NEW.runtimeJson(), "AWS::ElasticLoadBalancingV2::LoadBalancer").path("Properties")
                .path("SecurityGroups").get(0);
        List<JsonNode> toBalancer = ingress.stream()
                .filter(i -> i.path("Properties").path("GroupId").equals(balancerGroup)).toList();
        assertThat(toBalancer).singleElement().satisfies(i -> {
            assertThat(i.path("Properties").path("SourcePrefixListId").asText()).isEqualTo("pl-3b927c52");
            assertThat(i.path("Properties").path("FromPort").asInt()).isEqualTo(80);
        });
        assertThat(NEW.runtimeJson().toString()).doesNotContain("0.0.0.0/0\",\"Description\":\"Allow from anyone");
        resources(NEW.runtimeJson(), "AWS::EC2::SecurityGroup").forEach(g -> assertThat(g.path("Properties")
                .path("SecurityGroupIngress").isMissingNode()).as("no inline ingress").isTrue());
    }

    @Test
    void theBoardApiAndWebhookAreServedOverHttpsByTheirOwnDistribution() {
        JsonNode config = single(NEW.runtimeJson(), "AWS::CloudFront::Distribution").path("Properties").path("DistributionConfig");
        JsonNode behaviour = config.path("DefaultCacheBehavior");
        assertThat(behaviour.path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
        assertThat(behaviour.path("AllowedMethods").toString()).contains("POST", "PUT", "DELETE");
        assertThat(config.path("Origins").get(0).path("CustomOriginConfig").path("OriginProtocolPolicy").asText())
                .isEqualTo("http-only");
        JsonNode passThrough = single(NEW.runtimeJson(), "AWS::CloudFront::CachePolicy").path("Properties").path("CachePolicyConfig");
        assertThat(passThrough.path("DefaultTTL").asInt()).isZero();
        assertThat(passThrough.path("ParametersInCacheKeyAndForwardedToOrigin").path("HeadersConfig").path("Headers").toString())
                .isEqualTo("[\"Authorization\"]");
        JsonNode adopted = single(ADOPTED.runtimeJson(), "AWS::CloudFront::Distribution").path("Properties").path("DistributionConfig");
        assertThat(adopted.path("Aliases").toString()).isEqualTo("[\"charters.example.com\"]");
        assertThat(adopted.path("ViewerCertificate").path("AcmCertificateArn").asText()).startsWith("arn:aws:acm:us-east-1:");
        assertThat(NEW.runtimeJson().path("Outputs").path("BoardUrl").toString()).contains("https://");
    }

    @Test
    void theBalancerProbesReadinessWhichHoldsNoDependency() throws Exception {
        JsonNode group = single(NEW.runtimeJson(), "AWS::ElasticLoadBalancingV2::TargetGroup").path("Properties");
        assertThat(group.path("HealthCheckPath").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(group.path("Port").asInt()).isEqualTo(8080);
        // the runtime's readiness group: its own state only, so a failing waiver function never pulls a task
        String application = java.nio.file.Files.readString(java.nio.file.Path.of("application.yaml"));
        assertThat(application).contains("readiness:\n          include: readinessState\n");
    }

    @Test
    void alarmsWatchTheRuntimesHealthAndItsDeadLetters() throws Exception {
        // the line the filter counts is the one the runtime logs for each new dead letter
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/main/java/com/jada/chartersync/deadletter/DeadLetterStore.java")))
                .contains("LOG.warn(\"Dead letter {} from route {}");
        List<JsonNode> alarms = resources(NEW.runtimeJson(), "AWS::CloudWatch::Alarm");
        assertThat(alarms).extracting(a -> a.path("Properties").path("MetricName").asText())
                .containsExactlyInAnyOrder("UnHealthyHostCount", "HealthyHostCount", "DeadLetters");
        alarms.forEach(a -> assertThat(a.path("Properties").path("AlarmActions")).hasSize(1));
        JsonNode filter = single(NEW.runtimeJson(), "AWS::Logs::MetricFilter").path("Properties");
        assertThat(filter.path("FilterPattern").asText()).isEqualTo("\"Dead letter\" \"from route\"");
        assertThat(filter.path("MetricTransformations").get(0).path("MetricName").asText()).isEqualTo("DeadLetters");
    }
}
