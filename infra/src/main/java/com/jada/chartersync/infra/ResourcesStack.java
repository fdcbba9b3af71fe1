package com.jada.chartersync.infra;

import com.jada.chartersync.record.TableDefinitions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.DistributionAttributes;
import software.amazon.awscdk.services.cloudfront.IDistribution;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ITable;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What holds the operation's data and serves the guests: the tables of {@link TableDefinitions}, the page bucket,
 * the edge in front of it, the waiver function and its form's URL, and the secrets the runtime reads. Tables and
 * the bucket outlive the stack (RETAIN); each existing resource can be adopted instead (docs/aws.md).
 */
public final class ResourcesStack extends Stack {

    private final Map<String, ITable> tables = new LinkedHashMap<>();
    private final IBucket bucket;
    private final IDistribution edge;
    private final IFunction waiver;
    private final String waiverFormUrl;
    private final ISecret googleCredentials;
    private final ISecret operatorPassword;
    private final ISecret photoCodeKey;

    public ResourcesStack(Construct scope, String id, StackProps props, DeploymentSettings settings, ProductTables product) {
        super(scope, id, props);
        for (TableDefinitions.Table definition : product.definitions()) {
            tables.put(definition.name(), settings.adoptTables()
                    ? Table.fromTableName(this, constructId(definition.name()), definition.name())
                    : table(definition));
        }
        bucket = settings.bucketName() != null ? Bucket.fromBucketName(this, "GuestPages", settings.bucketName())
                : Bucket.Builder.create(this, "GuestPages")
                        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                        .encryption(BucketEncryption.S3_MANAGED)
                        .enforceSsl(true)
                        .removalPolicy(RemovalPolicy.RETAIN)
                        .build();
        edge = settings.distributionId() != null
                ? Distribution.fromDistributionAttributes(this, "Edge", DistributionAttributes.builder()
                        .distributionId(settings.distributionId()).domainName(settings.distributionDomain()).build())
                : newEdge();
        String edgeOrigin = "https://" + edge.getDistributionDomainName();
        if (settings.functionArn() != null) {
            waiver = Function.fromFunctionArn(this, "Waiver", settings.functionArn());
            waiverFormUrl = settings.waiverFormUrl();
        } else {
            WaiverFunction function = new WaiverFunction(this, "WaiverFunction", settings,
                    tables.get(product.names().events()), tables.get(product.names().waivers()), edgeOrigin);
            waiver = function.function();
            waiverFormUrl = function.formUrl();
        }
        googleCredentials = Secret.Builder.create(this, "GoogleCredentials")
                .description("charter-sync: Google OAuth client and refresh token (clientId, clientSecret, refreshToken); "
                        + "infra/deploy.sh writes them")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"clientId\":\"set-by-deploy\",\"clientSecret\":\"set-by-deploy\"}")
                        .generateStringKey("refreshToken").build())
                .build();
        operatorPassword = generated("OperatorPassword", "charter-sync: the operator's password (board, API, Hawtio)");
        photoCodeKey = generated("PhotoCodeKey", "charter-sync: the key guest photo codes are derived from");
        CfnOutput.Builder.create(this, "EdgeUrl").value(edgeOrigin).description("what guests open").build();
        CfnOutput.Builder.create(this, "DistributionId").value(edge.getDistributionId())
                .description("CHARTER_DISTRIBUTION_ID").build();
        CfnOutput.Builder.create(this, "WaiverFormUrl").value(waiverFormUrl).description("the waiver form").build();
        CfnOutput.Builder.create(this, "PageBucket").value(bucket.getBucketName()).build();
        CfnOutput.Builder.create(this, "GoogleCredentialsSecret").value(googleCredentials.getSecretArn()).build();
        CfnOutput.Builder.create(this, "OperatorPasswordSecret").value(operatorPassword.getSecretArn()).build();
    }

    private Table table(TableDefinitions.Table definition) {
        Table table = Table.Builder.create(this, constructId(definition.name()))
                .tableName(definition.name())
                .partitionKey(stringKey(definition.hashKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .timeToLiveAttribute(definition.ttlAttribute())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        for (TableDefinitions.Index index : definition.indexes()) {
            table.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder().indexName(index.name())
                    .partitionKey(stringKey(index.hashKey())).projectionType(ProjectionType.ALL).build());
        }
        return table;
    }

    private Distribution newEdge() {
        // the pages' own Cache-Control decides; without one a page is kept a day (the runtime invalidates changes)
        CachePolicy pages = CachePolicy.Builder.create(this, "PageCache")
                .comment("charter-sync guest pages: the origin's Cache-Control")
                .minTtl(Duration.seconds(0)).defaultTtl(Duration.days(1)).maxTtl(Duration.days(365))
                .enableAcceptEncodingGzip(true).enableAcceptEncodingBrotli(true)
                .build();
        return Distribution.Builder.create(this, "Edge")
                .comment("charter-sync guest pages")
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(pages)
                        .build())
                .build();
    }

    private Secret generated(String id, String description) {
        return Secret.Builder.create(this, id).description(description)
                .generateSecretString(SecretStringGenerator.builder().passwordLength(32).excludePunctuation(true).build())
                .build();
    }

    private static Attribute stringKey(String name) {
        return Attribute.builder().name(name).type(AttributeType.STRING).build();
    }

    /** jada-leader-leases: JadaLeaderLeases. */
    private static String constructId(String tableName) {
        StringBuilder id = new StringBuilder();
        for (String part : tableName.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    /** By table name, in TableDefinitions' order. */
    public Map<String, ITable> tables() {
        return java.util.Collections.unmodifiableMap(tables);
    }

    public IBucket bucket() {
        return bucket;
    }

    public IDistribution edge() {
        return edge;
    }

    public IFunction waiver() {
        return waiver;
    }

    public String waiverFormUrl() {
        return waiverFormUrl;
    }

    public ISecret googleCredentials() {
        return googleCredentials;
    }

    public ISecret operatorPassword() {
        return operatorPassword;
    }

    public ISecret photoCodeKey() {
        return photoCodeKey;
    }
}
