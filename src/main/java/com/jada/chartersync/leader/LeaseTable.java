package com.jada.chartersync.leader;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import com.amazonaws.services.dynamodbv2.GetLockOptions;
import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.ReleaseLockOptions;
import org.apache.camel.cluster.CamelClusterMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * One namespace's lease item in the lease table, through AWS's lock client: taking, renewing and releasing the lease,
 * and reading who holds it (with the replica's address and since when it leads, written beside the lease).
 */
final class LeaseTable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTable.class);
    static final String SINCE = "leaderSince";
    static final String URL = "replicaUrl";
    private static final long LEADER_CACHE_MS = 1_000;

    private final AmazonDynamoDBLockClient locks;
    private final DynamoDbClient dynamo;
    private final String table;
    private final String namespace;
    private final LeaderElectionProperties settings;
    private volatile Cached cachedLeader = new Cached(Optional.empty(), 0);
    private volatile boolean unreachableReported;

    private record Cached(Optional<CamelClusterMember> leader, long readAtMs) {
    }

    LeaseTable(DynamoDbClient dynamo, String table, String namespace, LeaderElectionProperties settings) {
        this.dynamo = dynamo;
        this.table = table;
        this.namespace = namespace;
        this.settings = settings;
        this.locks = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions.builder(dynamo, table)
                .withOwnerName(settings.replicaId()).withLeaseDuration(settings.leaseDuration().toMillis())
                .withHeartbeatPeriod(settings.renewalPeriod().toMillis()).withTimeUnit(MILLISECONDS)
                .withCreateHeartbeatBackgroundThread(false).build());
    }

    /**
     * Waits for the lease: the lock client takes it once nobody has renewed it for the lease duration, or at once
     * when it was released; throws {@code LockNotGrantedException} when another replica kept it.
     */
    LockItem take() throws InterruptedException {
        long renewalMs = settings.renewalPeriod().toMillis();
        return locks.acquireLock(AcquireLockOptions.builder(namespace)
                .withRefreshPeriod(Math.min(1_000L, renewalMs))
                .withAdditionalTimeToWaitForLock(settings.leaseDuration().toMillis()).withTimeUnit(MILLISECONDS)
                .withAdditionalAttributes(Map.of(URL, AttributeValue.fromS(settings.replicaUrl()))).build());
    }

    /** Renews the lease; throws {@code LockNotGrantedException} when it is no longer this replica's. */
    void renew(LockItem lease) {
        locks.sendHeartbeat(lease);
    }

    void release(LockItem lease) {
        try {
            locks.releaseLock(ReleaseLockOptions.builder(lease).withBestEffort(true).build());
        } catch (RuntimeException e) {
            LOG.debug("Lease of {} not released: {}", namespace, e.getMessage());
        }
    }

    /** Writes onto the lease since when this replica leads, for the others' boards (only while the lease is ours). */
    void recordSince(LockItem lease, Instant at) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("key", AttributeValue.fromS(namespace)))
                    .updateExpression("SET " + SINCE + " = :since")
                    .conditionExpression("recordVersionNumber = :rvn AND ownerName = :owner")
                    .expressionAttributeValues(Map.of(":since", AttributeValue.fromS(at.toString()),
                            ":rvn", AttributeValue.fromS(lease.getRecordVersionNumber()),
                            ":owner", AttributeValue.fromS(settings.replicaId()))));
        } catch (RuntimeException e) {
            LOG.debug("Lease of {}: leader's start not recorded ({})", namespace, e.getMessage());
        }
    }

    /** Who else leads, as the table held it at most a second ago. */
    Optional<CamelClusterMember> otherLeader() {
        Cached c = cachedLeader;
        long now = System.nanoTime() / 1_000_000;
        if (c.readAtMs() > 0 && now - c.readAtMs() < LEADER_CACHE_MS) {
            return c.leader();
        }
        Optional<CamelClusterMember> read = readOtherLeader();
        cachedLeader = new Cached(read, now);
        return read;
    }

    /** The lease as the table holds it: its owner leads, unless it is this replica's own old one. */
    private Optional<CamelClusterMember> readOtherLeader() {
        try {
            // a released lease is deleted (the lock client's default), so an item found is held
            return locks.getLockFromDynamoDB(GetLockOptions.builder(namespace).build())
                    .filter(item -> !item.getOwnerName().equals(settings.replicaId()))
                    .map(item -> new LeaseMember(item.getOwnerName(), true, false,
                            instant(item.getAdditionalAttributes().get(SINCE)),
                            text(item.getAdditionalAttributes().get(URL))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Logs once that the table is reached again after {@link #unreachable}. */
    void reachable() {
        if (unreachableReported) {
            unreachableReported = false;
            LOG.info("Replica {} reaches the lease table of {} again", settings.replicaId(), namespace);
        }
    }

    /** Logs once, until reached again, that this replica cannot take part in the election. */
    void unreachable(String what, RuntimeException e) {
        if (!unreachableReported) {
            unreachableReported = true;
            LOG.warn("Replica {} cannot take part in the election of {}: {} ({})", settings.replicaId(), namespace,
                    what, e.getMessage());
        }
    }

    private static Instant instant(AttributeValue value) {
        try {
            return value == null || value.s() == null ? null : Instant.parse(value.s());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(AttributeValue value) {
        return value == null || value.s() == null ? "" : value.s();
    }
}
