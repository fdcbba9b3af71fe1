package com.jada.chartersync.infra;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlCorsOptions;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.HttpMethod;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The waiver function from the built zip (docs/waivers.md), with a role that reaches its log group and the two
 * tables it reads and writes, and the function URL guests open its form at.
 */
public final class WaiverFunction extends Construct {

    /** docs/waivers.md: the form answers 503 within 8 s without DynamoDB, so the function gets 15 s. */
    static final int TIMEOUT_SECONDS = 15;
    static final int MEMORY_MB = 512;
    static final String HANDLER = "com.jada.chartersync.waiver.WaiverHandler::handleRequest";

    private final Function function;
    private final String formUrl;

    public WaiverFunction(Construct scope, String id, DeploymentSettings settings, ITable events, ITable waivers,
                          String edgeOrigin) {
        super(scope, id);
        LogGroup logs = LogGroup.Builder.create(this, "Logs").retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY).build();
        // a role of its own, without AWSLambdaBasicExecutionRole (logs on every group): its log group only
        Role role = Role.Builder.create(this, "Role").assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("charter-sync waiver function: its log group, the events and waivers tables").build();
        logs.grantWrite(role);
        LeastPrivilege.allow(role, LeastPrivilege.WAIVER_ON_EVENTS, events);
        LeastPrivilege.allow(role, LeastPrivilege.WAIVER_ON_WAIVERS, waivers);
        function = Function.Builder.create(this, "Function")
                .description("charter-sync waiver form and verify/submit (docs/waivers.md)")
                .runtime(Runtime.JAVA_17)
                .handler(HANDLER)
                .code(Code.fromAsset(settings.waiverZip().toString()))
                .timeout(Duration.seconds(TIMEOUT_SECONDS))
                .memorySize(MEMORY_MB)
                .role(role)
                .logGroup(logs)
                .environment(Map.of("EVENTS_TABLE", events.getTableName(), "WAIVERS_TABLE", waivers.getTableName()))
                .build();
        // guests open the form without AWS credentials (docs/waivers.md); the guest page on the edge embeds it
        formUrl = function.addFunctionUrl(FunctionUrlOptions.builder()
                .authType(FunctionUrlAuthType.NONE)
                .cors(FunctionUrlCorsOptions.builder().allowedOrigins(List.of(edgeOrigin))
                        .allowedMethods(List.of(HttpMethod.GET, HttpMethod.POST))
                        .allowedHeaders(List.of("content-type")).build())
                .build()).getUrl();
    }

    public Function function() {
        return function;
    }

    public String formUrl() {
        return formUrl;
    }
}
