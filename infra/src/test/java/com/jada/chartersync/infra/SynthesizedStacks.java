package com.jada.chartersync.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Both stacks synthesized once per test JVM, by the same InfraApp.build the CDK CLI runs: jsii starts Node.js and
 * loads the CDK, which takes seconds, so every template test reads these. Two deployments: a new account, where
 * everything is created, and one adopting the resources that exist (tables, bucket, distribution, function) with a
 * domain of its own and one task.
 */
final class SynthesizedStacks {

    /** A deployment into an empty account: everything made by the stacks. */
    static final Map<String, String> NEW_ACCOUNT = Map.of(
            "calendarId", "crew@group.calendar.google.com",
            "imageTag", "test",
            "waiverZip", System.getProperty("charter.waiverZip", "target/charter-sync-0.1.0-SNAPSHOT-waiver-lambda.zip"));

    /** The operator's existing resources adopted, a domain of its own (so push is on), one task. */
    static final Map<String, String> ADOPTING = with(NEW_ACCOUNT, Map.of(
            "adoptTables", "true",
            "bucketName", "jada-guest-pages",
            "distributionId", "E2XYZABC1234D",
            "distributionDomain", "d111111abcdef8.cloudfront.net",
            "functionArn", "arn:aws:lambda:us-east-1:123456789012:function:jada-waiver",
            "waiverFormUrl", "https://abcdefghij.lambda-url.us-east-1.on.aws/",
            "desiredCount", "1",
            "domainName", "charters.example.com",
            "certificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d"));

    /** One deployment's two templates, as Template (CDK assertions) and as JSON. */
    record Synth(Template resources, Template runtime) {

        JsonNode resourcesJson() {
            return JSON.valueToTree(resources.toJSON());
        }

        JsonNode runtimeJson() {
            return JSON.valueToTree(runtime.toJSON());
        }

        List<JsonNode> templates() {
            return List.of(resourcesJson(), runtimeJson());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Synth NEW;
    static final Synth ADOPTED;

    static {
        long start = System.nanoTime();
        NEW = synth(NEW_ACCOUNT);
        long first = System.nanoTime();
        ADOPTED = synth(ADOPTING);
        long end = System.nanoTime();
        System.out.printf("CDK synth: %d ms for the first deployment (jsii and Node.js starting), %d ms for the second%n",
                (first - start) / 1_000_000, (end - first) / 1_000_000);
    }

    private SynthesizedStacks() {
    }

    private static Synth synth(Map<String, String> context) {
        try {
            App app = new App(AppProps.builder().context(new LinkedHashMap<String, Object>(context))
                    .outdir(Files.createTempDirectory("cdk.out").toString()).build());
            InfraApp.Stacks stacks = InfraApp.build(app);
            return new Synth(Template.fromStack(stacks.resources()), Template.fromStack(stacks.runtime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The template's resources of one type, each its whole definition. */
    static List<JsonNode> resources(JsonNode template, String type) {
        List<JsonNode> out = new ArrayList<>();
        template.path("Resources").forEach(r -> {
            if (type.equals(r.path("Type").asText())) {
                out.add(r);
            }
        });
        return out;
    }

    static JsonNode single(JsonNode template, String type) {
        List<JsonNode> all = resources(template, type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + all.size());
        }
        return all.get(0);
    }

    /** A value that may be one item or an array of them, as IAM's Action and Resource are. */
    static List<JsonNode> items(JsonNode value) {
        return value.isArray() ? StreamSupport.stream(value.spliterator(), false).toList() : List.of(value);
    }

    private static Map<String, String> with(Map<String, String> base, Map<String, String> more) {
        Map<String, String> out = new LinkedHashMap<>(base);
        out.putAll(more);
        return out;
    }
}
