package com.jada.chartersync.sync;

import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.edge.PageInfrastructure;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class InfrastructureRepairTest {

    private final CallCounter calls = new CallCounter();
    private final DynamoDbClient dynamo = mock(DynamoDbClient.class);
    private final PageInfrastructure pages = mock(PageInfrastructure.class);

    private InfrastructureRepair repair(boolean createTables) {
        CharterSyncProperties properties = mock(CharterSyncProperties.class);
        CharterSyncProperties.Aws aws = mock(CharterSyncProperties.Aws.class);
        when(properties.aws()).thenReturn(aws);
        when(aws.createTables()).thenReturn(createTables);
        return new InfrastructureRepair(calls, dynamo, properties, pages);
    }

    @Test
    void nothingFoundGoneMakesNoCall() {
        calls.failed("dynamodb", "jada-events", "PutItem: 500", false);
        assertThat(repair(true).repair()).isEmpty();
        verifyNoInteractions(dynamo, pages);
    }

    @Test
    void whereItMayNotCreateResourcesALostTableKeepsBeingReported() {
        calls.failed("dynamodb", "jada-events", "GetItem on jada-events: Requested resource not found", true);
        when(pages.mayCreateBucket()).thenReturn(false);
        calls.failed("s3", "jada-guest-pages", "PutObject on jada-guest-pages: NoSuchBucket", true);

        assertThat(repair(false).repair()).isEmpty();

        verifyNoInteractions(dynamo);
        assertThat(calls.lost("dynamodb")).extracting(CallCounter.Failing::resource).containsExactly("jada-events");
        assertThat(calls.lost("s3")).extracting(CallCounter.Failing::resource).containsExactly("jada-guest-pages");
    }

    @Test
    void aLostBucketIsMadeAgainAndNoLongerReported() {
        calls.failed("s3", "jada-guest-pages", "PutObject on jada-guest-pages: NoSuchBucket", true);
        when(pages.mayCreateBucket()).thenReturn(true);
        when(pages.ensureBucketExists()).thenReturn(true);
        when(pages.bucket()).thenReturn("jada-guest-pages");

        assertThat(repair(true).repair()).containsExactly("jada-guest-pages");
        assertThat(calls.failingResources("s3")).isEmpty();
    }

    @Test
    void whereItMayNotCreateTheCycleAfterTheTableIsBackReconciles() {
        InfrastructureRepair repair = repair(false);
        calls.failed("dynamodb", "jada-events", "GetItem on jada-events: Requested resource not found", true);
        assertThat(repair.repairLost()).as("still gone").isFalse();
        assertThat(repair.repairLost()).as("still gone").isFalse();
        // a call to the table succeeded: someone made it again
        calls.succeeded("dynamodb", "jada-events");
        assertThat(repair.repairLost()).as("back: this cycle reconciles").isTrue();
        assertThat(repair.repairLost()).as("once").isFalse();
        verifyNoInteractions(dynamo);
    }

    @Test
    void aLostDistributionIsFoundAgainOrMadeWhereTheRuntimeMayCreateIt() {
        calls.failed("cloudfront", "E2XYZABC1234D", "CreateInvalidation on E2XYZABC1234D: NoSuchDistribution", true);
        when(pages.repairDistribution()).thenReturn(true);
        when(pages.distributionId()).thenReturn("E3NEW");

        assertThat(repair(true).repair()).containsExactly("E3NEW");
        assertThat(calls.failingResources("cloudfront")).isEmpty();
        verifyNoInteractions(dynamo);
    }
}
