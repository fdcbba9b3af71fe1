package com.jada.chartersync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.jada.chartersync.record.TableDefinitions;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.jada.chartersync.infra.SynthesizedStacks.ADOPTED;
import static com.jada.chartersync.infra.SynthesizedStacks.NEW;
import static com.jada.chartersync.infra.SynthesizedStacks.resources;
import static com.jada.chartersync.infra.SynthesizedStacks.single;
import static org.assertj.core.api.Assertions.assertThat;

/** The data and the guests' side, as synthesized for a new account and for one whose resources exist. */
class ResourcesStackIT {

    /** A table as both sides can say it: name, hash key, index=hash key..., TTL attribute. */
    private static String describe(String name, String hashKey, List<String> indexes, String ttl) {
        return name + " key " + hashKey + " indexes " + indexes + " ttl " + ttl;
    }

    @Test
    void theTablesAreExactlyTheTableDefinitions() {
        List<String> defined = ProductTables.fromApplicationYaml().definitions().stream()
                .map(t -> describe(t.name(), t.hashKey(), t.indexes().stream().map(i -> i.name() + "=" + i.hashKey()).toList(),
                        t.ttlAttribute()))
                .toList();
        List<String> synthesized = new ArrayList<>();
        for (JsonNode table : resources(NEW.resourcesJson(), "AWS::DynamoDB::Table")) {
            JsonNode p = table.path("Properties");
            assertThat(p.path("KeySchema")).hasSize(1);
            List<String> indexes = new ArrayList<>();
            p.path("GlobalSecondaryIndexes").forEach(i -> {
                assertThat(i.path("Projection").path("ProjectionType").asText()).isEqualTo("ALL");
                indexes.add(i.path("IndexName").asText() + "=" + i.path("KeySchema").get(0).path("AttributeName").asText());
            });
            p.path("AttributeDefinitions").forEach(a -> assertThat(a.path("AttributeType").asText()).isEqualTo("S"));
            JsonNode ttl = p.path("TimeToLiveSpecification");
            synthesized.add(describe(p.path("TableName").asText(), p.path("KeySchema").get(0).path("AttributeName").asText(),
                    indexes, ttl.path("Enabled").asBoolean() ? ttl.path("AttributeName").asText() : null));
        }
        assertThat(synthesized).containsExactlyElementsOf(defined);
        assertThat(defined).anyMatch(d -> d.startsWith("jada-leader-leases key key"))
                .anyMatch(d -> d.contains("ttl " + TableDefinitions.PROCESSED_EXPIRES_AT));
    }

    @Test
    void tablesArePaidPerRequestRecoverableToAPointInTimeAndOutliveTheStack() {
        List<JsonNode> tables = resources(NEW.resourcesJson(), "AWS::DynamoDB::Table");
        assertThat(tables).hasSize(ProductTables.fromApplicationYaml().definitions().size());
        for (JsonNode table : tables) {
            assertThat(table.path("Properties").path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
            assertThat(table.path("Properties").path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled")
                    .asBoolean()).isTrue();
            assertThat(table.path("DeletionPolicy").asText()).isEqualTo("Retain");
            assertThat(table.path("UpdateReplacePolicy").asText()).isEqualTo("Retain");
        }
    }

    @Test
    void thePageBucketIsPrivateEncryptedKeptAndRefusesPlainHttp() {
        JsonNode bucket = single(NEW.resourcesJson(), "AWS::S3::Bucket");
        JsonNode block = bucket.path("Properties").path("PublicAccessBlockConfiguration");
        for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertThat(block.path(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(bucket.path("Properties").path("BucketEncryption").toString()).contains("\"SSEAlgorithm\":\"AES256\"");
        assertThat(bucket.path("DeletionPolicy").asText()).isEqualTo("Retain");
        NEW.resources().hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Match.objectLike(Map.of("Effect", "Deny",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))));
    }

    @Test
    void noBucketPolicyLetsAnyoneButTheEdgeRead() {
        for (JsonNode policy : resources(NEW.resourcesJson(), "AWS::S3::BucketPolicy")) {
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (statement.path("Effect").asText().equals("Allow")) {
                    assertThat(statement.path("Principal").toString()).isEqualTo("{\"Service\":\"cloudfront.amazonaws.com\"}");
                    assertThat(statement.path("Condition").path("StringEquals").path("AWS:SourceArn").toString())
                            .contains("distribution/").contains("Edge");
                    assertThat(statement.path("Action").asText()).isEqualTo("s3:GetObject");
                }
            }
        }
    }

    @Test
    void theEdgeReadsTheBucketThroughOriginAccessControlOverHttpsOnly() {
        NEW.resources().resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        NEW.resources().hasResourceProperties("AWS::CloudFront::OriginAccessControl", Map.of("OriginAccessControlConfig",
                Map.of("OriginAccessControlOriginType", "s3", "SigningBehavior", "always", "SigningProtocol", "sigv4")));
        JsonNode config = single(NEW.resourcesJson(), "AWS::CloudFront::Distribution").path("Properties").path("DistributionConfig");
        assertThat(config.path("DefaultCacheBehavior").path("ViewerProtocolPolicy").asText()).isEqualTo("redirect-to-https");
        assertThat(config.path("Origins").get(0).path("OriginAccessControlId").isMissingNode()).isFalse();
        assertThat(config.path("Origins").get(0).path("S3OriginConfig").path("OriginAccessIdentity").asText()).isEmpty();
    }

    @Test
    void theEdgeHonoursThePagesCacheControl() {
        JsonNode policy = single(NEW.resourcesJson(), "AWS::CloudFront::CachePolicy").path("Properties").path("CachePolicyConfig");
        assertThat(policy.path("MinTTL").asInt()).isZero();
        assertThat(policy.path("DefaultTTL").asInt()).isPositive();
        assertThat(policy.path("MaxTTL").asInt()).isGreaterThanOrEqualTo(policy.path("DefaultTTL").asInt());
        JsonNode behaviour = single(NEW.resourcesJson(), "AWS::CloudFront::Distribution").path("Properties")
                .path("DistributionConfig").path("DefaultCacheBehavior");
        assertThat(behaviour.path("CachePolicyId").path("Ref").asText()).startsWith("PageCache");
    }

    @Test
    void theOutputsNameTheDistributionTheRuntimeInvalidates() {
        assertThat(NEW.resourcesJson().path("Outputs").path("DistributionId").path("Value").path("Ref").asText())
                .isEqualTo(logicalId(NEW.resourcesJson(), "AWS::CloudFront::Distribution"));
        assertThat(ADOPTED.resourcesJson().path("Outputs").path("DistributionId").path("Value").asText())
                .isEqualTo("E2XYZABC1234D");
    }

    @Test
    void theWaiverFunctionRunsTheBuiltZipOnJava17WithTheDocumentedTimeoutAndMemory() {
        NEW.resources().hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Runtime", "java17",
                "Handler", "com.jada.chartersync.waiver.WaiverHandler::handleRequest",
                "Timeout", 15,
                "MemorySize", 512,
                "Code", Map.of("S3Key", Match.stringLikeRegexp("[0-9a-f]{64}\\.zip"))));
        JsonNode environment = single(NEW.resourcesJson(), "AWS::Lambda::Function").path("Properties").path("Environment")
                .path("Variables");
        assertThat(environment.path("EVENTS_TABLE").path("Ref").asText()).startsWith("JadaEvents");
        assertThat(environment.path("WAIVERS_TABLE").path("Ref").asText()).startsWith("JadaWaivers");
    }

    @Test
    void theWaiverFormIsAPublicFunctionUrlThatOnlyTheEdgesPagesMayCall() {
        JsonNode url = single(NEW.resourcesJson(), "AWS::Lambda::Url").path("Properties");
        assertThat(url.path("AuthType").asText()).isEqualTo("NONE");
        assertThat(url.path("Cors").path("AllowOrigins")).hasSize(1);
        assertThat(url.path("Cors").path("AllowOrigins").get(0).toString())
                .isEqualTo("{\"Fn::Join\":[\"\",[\"https://\",{\"Fn::GetAtt\":[\"" + logicalId(NEW.resourcesJson(),
                        "AWS::CloudFront::Distribution") + "\",\"DomainName\"]}]]}");
        assertThat(url.path("Cors").path("AllowMethods").toString()).isEqualTo("[\"GET\",\"POST\"]");
    }

    @Test
    void googleCredentialsOperatorPasswordAndPhotoKeyAreSecretsWithNoValueInTheTemplate() {
        List<JsonNode> secrets = resources(NEW.resourcesJson(), "AWS::SecretsManager::Secret");
        assertThat(secrets).hasSize(3);
        for (JsonNode secret : secrets) {
            assertThat(secret.path("Properties").has("SecretString")).isFalse();
            assertThat(secret.path("Properties").has("GenerateSecretString")).isTrue();
        }
        NEW.resources().hasResourceProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString",
                Match.objectLike(Map.of("GenerateStringKey", "refreshToken"))));
    }

    @Test
    void logGroupsExpire() {
        List<JsonNode> groups = new ArrayList<>(resources(NEW.resourcesJson(), "AWS::Logs::LogGroup"));
        groups.addAll(resources(NEW.runtimeJson(), "AWS::Logs::LogGroup"));
        assertThat(groups).hasSize(2).allSatisfy(g -> assertThat(g.path("Properties").path("RetentionInDays").asInt())
                .isEqualTo(30));
    }

    @Test
    void existingTablesBucketDistributionAndFunctionAreAdoptedNotCreated() {
        Template adopted = ADOPTED.resources();
        for (String type : List.of("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::S3::BucketPolicy",
                "AWS::CloudFront::Distribution", "AWS::Lambda::Function", "AWS::Lambda::Url")) {
            adopted.resourceCountIs(type, 0);
        }
        String runtime = ADOPTED.runtimeJson().toString();
        assertThat(runtime).contains("table/jada-leader-leases", "jada-guest-pages", "distribution/E2XYZABC1234D",
                "function:jada-waiver", "https://abcdefghij.lambda-url.us-east-1.on.aws/");
    }

    static String logicalId(JsonNode template, String type) {
        List<String> ids = new ArrayList<>();
        template.path("Resources").properties().forEach(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                ids.add(e.getKey());
            }
        });
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }
}
