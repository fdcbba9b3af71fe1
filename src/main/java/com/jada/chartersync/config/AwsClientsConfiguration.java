package com.jada.chartersync.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * One client per AWS service, built from configuration only: the same code talks to AWS, to LocalStack on
 * :4566, or to the embedded stand-ins. Camel's aws2-* components autowire these clients.
 */
@Configuration(proxyBeanMethods = false)
public class AwsClientsConfiguration {

    private final CharterSyncProperties.Aws aws;
    private final CallCounter callCounter;
    private final CycleFence fence;

    public AwsClientsConfiguration(CharterSyncProperties properties, CallCounter callCounter, CycleFence fence) {
        this.aws = properties.aws();
        this.callCounter = callCounter;
        this.fence = fence;
    }

    @Bean(destroyMethod = "close")
    public DynamoDbClient dynamoDbClient() {
        return configure(DynamoDbClient.builder(), aws.endpointFor(aws.dynamodbEndpoint())).build();
    }

    /**
     * A DynamoDB client outside the call counts (for the leader election's lease), each call given up after
     * {@code callTimeout} whatever the retries; the caller closes it.
     */
    @SuppressWarnings("deprecation")
    public DynamoDbClient uncountedDynamoDbClient(java.time.Duration callTimeout) {
        software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder builder = DynamoDbClient.builder().region(Region.of(aws.region()))
                .credentialsProvider(credentials())
                .overrideConfiguration(c -> c.apiCallTimeout(callTimeout))
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(aws.connectTimeout())
                        .socketTimeout(callTimeout).maxConnections(4));
        URI endpoint = aws.endpointFor(aws.dynamodbEndpoint());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    @Bean(destroyMethod = "close")
    public S3Client s3Client() {
        return configure(S3Client.builder(), aws.endpointFor(aws.s3Endpoint()))
                .forcePathStyle(aws.pathStyle())
                .build();
    }

    @Bean(destroyMethod = "close")
    public CloudFrontClient cloudFrontClient() {
        // CloudFront is global: its API lives in us-east-1 whatever region the rest uses.
        return configure(CloudFrontClient.builder(), aws.endpointFor(aws.cloudfrontEndpoint()))
                .region(Region.AWS_GLOBAL)
                .build();
    }

    @Bean(destroyMethod = "close")
    public LambdaClient lambdaClient() {
        return configure(LambdaClient.builder(), aws.endpointFor(aws.lambdaEndpoint())).build();
    }

    AwsCredentialsProvider credentials() {
        if (aws.accessKey() != null && !aws.accessKey().isBlank()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKey(), aws.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    // ApacheHttpClient is deprecated in favour of Apache5HttpClient; moving the transport (which the fault tests pin,
    // answer by answer) is a change of its own, not a warning fix
    @SuppressWarnings("deprecation")
    private <B extends AwsClientBuilder<B, ?>> B configure(B builder, URI endpoint) {
        builder.region(Region.of(aws.region())).credentialsProvider(credentials())
                .overrideConfiguration(c -> c.addExecutionInterceptor(fence).addExecutionInterceptor(callCounter));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (builder instanceof software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<?, ?> sync) {
            sync.httpClientBuilder(ApacheHttpClient.builder()
                    .connectionTimeout(aws.connectTimeout())
                    .socketTimeout(aws.socketTimeout())
                    .maxConnections(32));
        }
        return builder;
    }
}
