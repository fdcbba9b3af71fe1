package com.jada.chartersync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.jada.chartersync.infra.SynthesizedStacks.ADOPTED;
import static com.jada.chartersync.infra.SynthesizedStacks.NEW;
import static com.jada.chartersync.infra.SynthesizedStacks.items;
import static com.jada.chartersync.infra.SynthesizedStacks.resources;
import static org.assertj.core.api.Assertions.assertThat;

/** Every IAM policy in both stacks, of both deployments: no wildcard action, and "*" only where AWS has no resource. */
class LeastPrivilegeIT {

    /** Actions AWS authorizes on no resource of their own, so their statement's resource is "*"; each in docs/aws.md. */
    static final Map<String, String> ON_ANY_RESOURCE = Map.of(
            "ecr:GetAuthorizationToken", "the registry login token is account-wide (the task's execution role pulls the image)");

    /** One Allow statement, where it is and for whom. */
    record Statement(String where, JsonNode body) {
        List<String> actions() {
            return items(body.path("Action")).stream().map(JsonNode::asText).toList();
        }

        List<JsonNode> resources() {
            return items(body.path("Resource"));
        }
    }

    private static List<Statement> allows() {
        List<Statement> out = new ArrayList<>();
        for (SynthesizedStacks.Synth synth : List.of(NEW, ADOPTED)) {
            for (JsonNode template : synth.templates()) {
                template.path("Resources").properties().forEach(e -> {
                    JsonNode p = e.getValue().path("Properties");
                    List<JsonNode> documents = new ArrayList<>();
                    switch (e.getValue().path("Type").asText()) {
                        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy" -> documents.add(p.path("PolicyDocument"));
                        case "AWS::IAM::Role" -> p.path("Policies").forEach(inline -> documents.add(inline.path("PolicyDocument")));
                        default -> { }
                    }
                    for (JsonNode document : documents) {
                        for (JsonNode statement : items(document.path("Statement"))) {
                            if ("Allow".equals(statement.path("Effect").asText())) {
                                out.add(new Statement(e.getKey(), statement));
                            }
                        }
                    }
                });
            }
        }
        assertThat(out).as("the policies were found").hasSizeGreaterThan(8);
        return out;
    }

    @Test
    void noStatementGrantsAWildcardAction() {
        for (Statement s : allows()) {
            assertThat(s.actions()).as("%s: %s", s.where(), s.body()).allSatisfy(a -> assertThat(a).doesNotContain("*"));
            assertThat(s.body().has("NotAction")).as(s.where()).isFalse();
        }
    }

    @Test
    void aWildcardResourceIsOnlyWhereAwsHasNoResourceLevelPermission() {
        Set<String> seen = new TreeSet<>();
        for (Statement s : allows()) {
            if (s.resources().stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"))) {
                assertThat(ON_ANY_RESOURCE).as("%s: %s", s.where(), s.body()).containsKeys(s.actions().toArray(String[]::new));
                seen.addAll(s.actions());
            }
            assertThat(s.body().has("NotResource")).as(s.where()).isFalse();
        }
        assertThat(seen).as("the allow-list holds nothing unused").isEqualTo(ON_ANY_RESOURCE.keySet());
    }

    @Test
    void everyWildcardResourceIsDocumentedWithItsReason() throws Exception {
        String docs = Files.readString(Path.of("docs/aws.md"));
        ON_ANY_RESOURCE.keySet().forEach(action -> assertThat(docs).contains("`" + action + "`"));
    }

    @Test
    void noRoleCarriesAManagedPolicy() {
        for (SynthesizedStacks.Synth synth : List.of(NEW, ADOPTED)) {
            for (JsonNode template : synth.templates()) {
                resources(template, "AWS::IAM::Role").forEach(role ->
                        assertThat(role.path("Properties").path("ManagedPolicyArns").isMissingNode()).as(role.toString()).isTrue());
            }
        }
    }

    @Test
    void theTaskRoleAllowsExactlyTheRuntimesCallsOnItsResources() {
        List<Statement> task = allows().stream().filter(s -> s.where().startsWith("TaskTaskRole")).toList();
        List<String> actions = task.stream().flatMap(s -> s.actions().stream()).sorted().toList();
        List<String> expected = new ArrayList<>();
        List.of(LeastPrivilege.RUNTIME_ON_TABLES, LeastPrivilege.RUNTIME_ON_PAGES, LeastPrivilege.RUNTIME_ON_BUCKET,
                LeastPrivilege.RUNTIME_ON_EDGE, LeastPrivilege.RUNTIME_ON_WAIVER).forEach(expected::addAll);
        // two deployments, the same grants
        assertThat(actions).containsExactlyElementsOf(doubled(expected));
        assertThat(actions).noneMatch(a -> a.equals("dynamodb:CreateTable") || a.startsWith("secretsmanager:"));
        Statement tables = task.stream().filter(s -> s.actions().contains("dynamodb:GetItem")).findFirst().orElseThrow();
        int tableCount = ProductTables.fromApplicationYaml().definitions().size();
        assertThat(tables.resources()).as("each table and its indexes").hasSize(2 * tableCount);
        String adoptedTables = task.stream().filter(s -> s.where().startsWith("TaskTaskRole") && s.body().toString()
                .contains("table/jada-leader-leases")).findFirst().orElseThrow().body().toString();
        assertThat(adoptedTables).contains("table/jada-leader-leases/index/*", "table/jada-events\"");
    }

    @Test
    void theWaiverFunctionReachesOnlyTheEventsAndWaiversTables() {
        List<Statement> waiver = allows().stream().filter(s -> s.where().startsWith("WaiverFunctionRole")).toList();
        assertThat(waiver).hasSize(3);
        for (Statement s : waiver) {
            String resources = s.body().path("Resource").toString();
            if (s.actions().get(0).startsWith("dynamodb:")) {
                assertThat(resources).containsAnyOf("JadaEvents", "JadaWaivers")
                        .doesNotContain("JadaDeadLetters", "JadaCalendarLinks", "JadaSyncState", "JadaProcessed", "JadaLeader");
            } else {
                assertThat(s.actions()).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
                assertThat(resources).contains("WaiverFunctionLogs");
            }
        }
        assertThat(waiver).flatExtracting(Statement::actions).doesNotContain("dynamodb:DeleteItem", "dynamodb:BatchWriteItem");
    }

    @Test
    void theExecutionRoleReadsOnlyTheTasksSecrets() {
        List<Statement> execution = allows().stream().filter(s -> s.where().startsWith("TaskExecutionRole")
                && s.actions().contains("secretsmanager:GetSecretValue")).toList();
        assertThat(execution).hasSize(6).allSatisfy(s -> assertThat(s.body().path("Resource").toString())
                .matches(".*(GoogleCredentials|OperatorPassword|PhotoCodeKey).*"));
    }

    private static List<String> doubled(List<String> actions) {
        List<String> out = new ArrayList<>(actions);
        out.addAll(actions);
        out.sort(null);
        return out;
    }
}
