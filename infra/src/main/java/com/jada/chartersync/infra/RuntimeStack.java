package com.jada.chartersync.infra;

import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CacheCookieBehavior;
import software.amazon.awscdk.services.cloudfront.CacheHeaderBehavior;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.CacheQueryStringBehavior;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.OriginProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.LoadBalancerV2Origin;
import software.amazon.awscdk.services.cloudfront.origins.LoadBalancerV2OriginProps;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The always-on runtime: Fargate tasks in public subnets (no NAT gateway to pay for), behind a load balancer only
 * CloudFront reaches, behind a distribution of its own that gives the board, the API and Google's push webhook
 * HTTPS on its default domain (or the deployment's). Alarms on the runtime's health and on dead letters.
 */
public final class RuntimeStack extends Stack {

    static final int PORT = 8080;
    /** application.yaml: the readiness group holds the runtime's own state only, no dependency (not the waiver function). */
    static final String READINESS_PATH = "/actuator/health/readiness";

    public RuntimeStack(Construct scope, String id, StackProps props, DeploymentSettings settings, ProductTables product,
                        ResourcesStack resources) {
        super(scope, id, props);
        Vpc vpc = Vpc.Builder.create(this, "Network").maxAzs(2).natGateways(0)
                .subnetConfiguration(List.of(SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC)
                        .cidrMask(24).build()))
                .build();
        Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(vpc).build();

        SecurityGroup fromCloudFront = SecurityGroup.Builder.create(this, "BalancerFromCloudFront").vpc(vpc)
                .allowAllOutbound(false)
                .description("charter-sync load balancer: CloudFront's origin-facing addresses only").build();
        fromCloudFront.addIngressRule(Peer.prefixList(settings.cloudFrontPrefixListId()), Port.tcp(80),
                "CloudFront origin-facing (com.amazonaws.global.cloudfront.origin-facing)");
        ApplicationLoadBalancer balancer = ApplicationLoadBalancer.Builder.create(this, "Balancer").vpc(vpc)
                .internetFacing(true).securityGroup(fromCloudFront).build();
        ApplicationListener listener = balancer.addListener("Http", BaseApplicationListenerProps.builder().port(80)
                .open(false).build());

        Distribution board = boardDistribution(settings, balancer);
        String boardHost = settings.domainName() != null ? settings.domainName() : board.getDistributionDomainName();

        LogGroup logs = LogGroup.Builder.create(this, "RuntimeLogs").retention(settings.logRetention())
                .removalPolicy(RemovalPolicy.DESTROY).build();
        FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task").cpu(512).memoryLimitMiB(1024)
                .runtimePlatform(RuntimePlatform.builder().operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .cpuArchitecture(CpuArchitecture.X86_64).build())
                .build();
        TaskEnvironment environment = environment(settings, product, resources, boardHost);
        task.addContainer("runtime", ContainerDefinitionOptions.builder()
                .image(ContainerImage.fromEcrRepository(Repository.fromRepositoryName(this, "Images",
                        settings.imageRepository()), settings.imageTag()))
                .environment(environment.plain())
                .secrets(environment.secrets())
                .portMappings(List.of(PortMapping.builder().containerPort(PORT).build()))
                .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("runtime").build()))
                .build());
        grantRuntimeCalls(task, product, resources);

        FargateService service = FargateService.Builder.create(this, "Service").cluster(cluster).taskDefinition(task)
                .desiredCount(settings.desiredCount())
                .assignPublicIp(true)
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
                .minHealthyPercent(50).maxHealthyPercent(200)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .healthCheckGracePeriod(Duration.seconds(60))
                .build();
        ApplicationTargetGroup runtime = listener.addTargets("Runtime", AddApplicationTargetsProps.builder()
                .port(PORT).protocol(ApplicationProtocol.HTTP).targets(List.of(service))
                .healthCheck(HealthCheck.builder().path(READINESS_PATH).healthyHttpCodes("200")
                        .interval(Duration.seconds(15)).build())
                .deregistrationDelay(Duration.seconds(30))
                .build());

        new RuntimeAlarms(this, "Alarms", settings.alarmEmail(), runtime, logs);
        CfnOutput.Builder.create(this, "BoardUrl").value("https://" + boardHost + "/")
                .description("the operator's board, the API and Google's push webhook").build();
    }

    private Distribution boardDistribution(DeploymentSettings settings, ApplicationLoadBalancer balancer) {
        // nothing of the board or the API is kept (the runtime answers no-store); Authorization reaches the origin only
        // as part of a cache key, hence the one-second maximum
        CachePolicy passThrough = CachePolicy.Builder.create(this, "BoardPassThrough")
                .comment("charter-sync board and API: not cached, credentials passed through")
                .minTtl(Duration.seconds(0)).defaultTtl(Duration.seconds(0)).maxTtl(Duration.seconds(1))
                .headerBehavior(CacheHeaderBehavior.allowList("Authorization"))
                .queryStringBehavior(CacheQueryStringBehavior.all())
                .cookieBehavior(CacheCookieBehavior.all())
                .build();
        Distribution.Builder board = Distribution.Builder.create(this, "Board")
                .comment("charter-sync board, API and push webhook")
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(new LoadBalancerV2Origin(balancer, LoadBalancerV2OriginProps.builder()
                                .protocolPolicy(OriginProtocolPolicy.HTTP_ONLY).build()))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .allowedMethods(AllowedMethods.ALLOW_ALL)
                        .cachePolicy(passThrough)
                        // the viewer's Host reaches the runtime, which answers only its own names (CHARTER_ALLOWED_HOSTS)
                        .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER)
                        .build());
        if (settings.domainName() != null) {
            board.domainNames(List.of(settings.domainName()))
                    .certificate(Certificate.fromCertificateArn(this, "BoardCertificate", settings.certificateArn()));
        }
        return board.build();
    }

    private static TaskEnvironment environment(DeploymentSettings settings, ProductTables product,
                                               ResourcesStack resources, String boardHost) {
        Map<String, String> switches = new LinkedHashMap<>();
        switches.put("CHARTER_CALENDAR_SOURCE", "api");
        switches.put("CHARTER_CALENDAR_AUTH", "oauth");
        switches.put("CHARTER_CALENDAR_PUSH_ENABLED", Boolean.toString(settings.push()));
        switches.put("CHARTER_ALLOWED_HOSTS", boardHost);
        Map<String, String> given = new LinkedHashMap<>();
        given.put("GOOGLE_CALENDAR_ID", settings.calendarId());
        given.put("CHARTER_PAGES_BUCKET", resources.bucket().getBucketName());
        given.put("CHARTER_EDGE_URL", "https://" + resources.edge().getDistributionDomainName());
        given.put("CHARTER_DISTRIBUTION_ID", resources.edge().getDistributionId());
        given.put("CHARTER_WAIVER_FORM_URL", resources.waiverFormUrl());
        given.put("CHARTER_WAIVER_FUNCTION", resources.waiver().getFunctionName());
        given.put("CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL", "https://" + boardHost);
        given.put("CHARTER_OPERATOR_USER", settings.operatorUser());
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("GOOGLE_CLIENT_ID", Secret.fromSecretsManager(resources.googleCredentials(), "clientId"));
        secrets.put("GOOGLE_CLIENT_SECRET", Secret.fromSecretsManager(resources.googleCredentials(), "clientSecret"));
        secrets.put("GOOGLE_REFRESH_TOKEN", Secret.fromSecretsManager(resources.googleCredentials(), "refreshToken"));
        secrets.put("CHARTER_OPERATOR_PASSWORD", Secret.fromSecretsManager(resources.operatorPassword()));
        secrets.put("CHARTER_PHOTO_CODE_KEY", Secret.fromSecretsManager(resources.photoCodeKey()));
        if (!product.names().leases().equals("jada-leader-leases")) {
            switches.put("CHARTER_TABLES_LEASES", product.names().leases());
        }
        return TaskEnvironment.of(switches, given, secrets);
    }

    /** Exactly the runtime's calls (LeastPrivilege), on exactly its resources. */
    private void grantRuntimeCalls(FargateTaskDefinition task, ProductTables product, ResourcesStack resources) {
        LeastPrivilege.allow(task.getTaskRole(), LeastPrivilege.RUNTIME_ON_TABLES,
                new ArrayList<>(resources.tables().values()));
        LeastPrivilege.allowOn(task.getTaskRole(), LeastPrivilege.RUNTIME_ON_PAGES,
                List.of(resources.bucket().arnForObjects("*")));
        LeastPrivilege.allowOn(task.getTaskRole(), LeastPrivilege.RUNTIME_ON_BUCKET,
                List.of(resources.bucket().getBucketArn()));
        LeastPrivilege.allowOn(task.getTaskRole(), LeastPrivilege.RUNTIME_ON_EDGE,
                List.of(formatArn(ArnComponents.builder().service("cloudfront").region("").resource("distribution")
                        .resourceName(resources.edge().getDistributionId()).build())));
        LeastPrivilege.allowOn(task.getTaskRole(), LeastPrivilege.RUNTIME_ON_WAIVER,
                List.of(resources.waiver().getFunctionArn()));
    }
}
