package com.jada.chartersync.edge;

import com.jada.chartersync.config.CharterSyncProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionList;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.UUID;

/**
 * The page bucket and the CloudFront distribution in front of it. In AWS both are provisioned outside the app and
 * the distribution id is configuration. Against an emulator (profile {@code localstack}, from empty) the runtime
 * creates the bucket, and, when no distribution id is configured, finds the distribution it made before (by its
 * comment) or creates one: emulators generate their own ids, so a fixed one cannot be configured in advance.
 * A failure here is logged, not fatal: start-up never depends on a dependency answering.
 */
@Component
public class PageInfrastructure implements SmartInitializingSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(PageInfrastructure.class);
    /** CloudFront's managed cache policy "CachingOptimized". */
    private static final String CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6";

    private final S3Client s3;
    private final CloudFrontClient cloudFront;
    private final String bucket;
    private final boolean createBucket;
    private final boolean createDistribution;
    private volatile String distributionId;

    public PageInfrastructure(S3Client s3, CloudFrontClient cloudFront, CharterSyncProperties properties,
                              @Value("${charter.aws.create-bucket:false}") boolean createBucket,
                              @Value("${charter.aws.create-distribution:false}") boolean createDistribution) {
        this.s3 = s3;
        this.cloudFront = cloudFront;
        this.bucket = properties.pages().bucket();
        this.distributionId = properties.pages().distributionId();
        // where the runtime makes its tables (the local cloud, an emulator) it may make the bucket it lost again too
        this.createBucket = createBucket || properties.aws().createTables();
        this.createDistribution = createDistribution;
    }

    /** The distribution pages are invalidated on: configured, or found or created at start. */
    public String distributionId() {
        return distributionId;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            if (createBucket) {
                ensureBucket();
            }
            if (createDistribution && (distributionId == null || distributionId.isBlank())) {
                distributionId = findOrCreateDistribution();
            }
        } catch (SdkException e) {
            LOG.error("Could not prepare the page bucket {} or its distribution: {}", bucket, e.getMessage());
        }
    }

    /** The bucket, as the runtime may name it in a repair. */
    public String bucket() {
        return bucket;
    }

    /** Whether the runtime may create the bucket ({@code charter.aws.create-bucket} or {@code create-tables}). */
    public boolean mayCreateBucket() {
        return createBucket;
    }

    /** Where the runtime may create it: makes the bucket if it is not there; true when it had to. */
    public boolean ensureBucketExists() {
        return createBucket && ensureBucket();
    }

    /**
     * After a call found the distribution gone: where the runtime may create one, the one it made before is found
     * again by its comment (never a second one while the first exists), else a new one; true when one is in use.
     */
    public boolean repairDistribution() {
        if (!createDistribution) {
            return false;
        }
        distributionId = findOrCreateDistribution();
        return true;
    }

    private boolean ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return false;
        } catch (NoSuchBucketException absent) {
            createBucketNow();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            createBucketNow();
        }
        return true;
    }

    private void createBucketNow() {
        LOG.info("Creating the page bucket {}", bucket);
        s3.createBucket(b -> b.bucket(bucket));
    }

    private String findOrCreateDistribution() {
        String comment = "charter-sync pages: " + bucket;
        String marker = null;
        do {
            String from = marker;
            DistributionList page = cloudFront.listDistributions(b -> b.marker(from)).distributionList();
            for (DistributionSummary d : page.items()) {
                if (comment.equals(d.comment())) {
                    LOG.info("Using CloudFront distribution {} ({})", d.id(), d.domainName());
                    return d.id();
                }
            }
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.nextMarker() : null;
        } while (marker != null);
        String originId = "s3-" + bucket;
        String id = cloudFront.createDistribution(b -> b.distributionConfig(c -> c
                .callerReference(UUID.randomUUID().toString())
                .comment(comment)
                .enabled(true)
                .origins(o -> o.quantity(1).items(Origin.builder().id(originId)
                        .domainName(bucket + ".s3.amazonaws.com")
                        .s3OriginConfig(s -> s.originAccessIdentity("")).build()))
                .defaultCacheBehavior(cb -> cb.targetOriginId(originId)
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicyId(CACHING_OPTIMIZED)))).distribution().id();
        LOG.info("Created CloudFront distribution {} for {}", id, bucket);
        return id;
    }
}
