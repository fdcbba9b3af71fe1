package com.jada.chartersync.edge;

import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.config.CharterSyncProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * What the {@code localstack} profile does against an emulator from empty, tried on the local cloud's S3 and
 * CloudFront API: the bucket is created, and a distribution is created once (the emulator picks its id) and found
 * again by the next start instead of a second one being made.
 */
class EmulatorFromEmptyTest extends LocalSandboxTest {

    @Autowired
    CloudFrontClient cloudFront;
    @Autowired
    CharterSyncProperties properties;

    @Test
    void bucketAndDistributionAreCreatedOnceFromEmpty() {
        CharterSyncProperties.Pages p = properties.pages();
        CharterSyncProperties fromEmpty = new CharterSyncProperties(properties.calendar(), properties.aws(),
                properties.tables(), new CharterSyncProperties.Pages("emulator-pages", p.edgeUrl(), p.waiverFormUrl(),
                "", p.wildcardFrom()), properties.sync(), properties.waiver(), properties.board(), properties.clock());

        PageInfrastructure first = new PageInfrastructure(s3, cloudFront, fromEmpty, true, true);
        first.afterSingletonsInstantiated();
        assertThatCode(() -> s3.headBucket(b -> b.bucket("emulator-pages"))).doesNotThrowAnyException();
        assertThat(first.distributionId()).startsWith("E").isNotEqualTo(p.distributionId());

        PageInfrastructure restarted = new PageInfrastructure(s3, cloudFront, fromEmpty, true, true);
        restarted.afterSingletonsInstantiated();
        assertThat(restarted.distributionId()).isEqualTo(first.distributionId());
        // and the runtime can invalidate on it
        assertThat(cloudFront.createInvalidation(b -> b.distributionId(first.distributionId())
                .invalidationBatch(ib -> ib.callerReference("t").paths(ps -> ps.quantity(1).items("/x"))))
                .invalidation().id()).isNotBlank();
    }
}
