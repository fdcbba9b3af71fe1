package com.jada.chartersync.leader;

import org.apache.camel.support.cluster.AbstractCamelClusterService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Camel's cluster service on a DynamoDB lease table, through AWS's lock client: {@code master:} routes run on the
 * replica holding the lease of their namespace. One {@link DynamoDbLeaseView} per namespace does the election.
 * It owns its DynamoDB client and closes it when it stops.
 */
public class DynamoDbLeaseClusterService extends AbstractCamelClusterService<DynamoDbLeaseView> {

    private final DynamoDbClient dynamo;
    private final String table;
    private final LeaderElectionProperties settings;
    private final Runnable lostTable;

    /**
     * {@code lostTable}: run when the lease table is not there (makes it again where the runtime may create
     * tables); the election then tries again.
     */
    public DynamoDbLeaseClusterService(DynamoDbClient dynamo, String table, LeaderElectionProperties settings,
                                       Runnable lostTable) {
        super(settings.replicaId());
        this.dynamo = dynamo;
        this.table = table;
        this.settings = settings;
        this.lostTable = lostTable;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        dynamo.close();
    }

    @Override
    protected DynamoDbLeaseView createView(String namespace) {
        return new DynamoDbLeaseView(this, namespace, dynamo, table, settings, lostTable);
    }
}
