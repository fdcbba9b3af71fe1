package com.jada.chartersync.leader;

import com.amazonaws.services.dynamodbv2.LockItem;
import com.amazonaws.services.dynamodbv2.model.LockNotGrantedException;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * One namespace's election on the lease table ({@link LeaseTable}). A thread of its own waits for the lease, then
 * renews it every renewal period. The lease counts from the moment before each write that took or renewed it; a
 * watchdog steps down once the last such moment is {@link LeaderElectionProperties#safeTime()} old, so a replica
 * that cannot reach DynamoDB stops leading before any other can take the lease: two never lead at once. On stop the
 * lease is released, so another replica leads at once instead of after the lease.
 */
public class DynamoDbLeaseView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbLeaseView.class);
    private static final long WATCHDOG_MS = 50;

    private final LeaseTable leases;
    private final LeaderElectionProperties settings;
    private final Runnable lostTable;
    private final long leaseMs;
    private final long renewalMs;
    private final long safeMs;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Object renewal = new Object();
    private final ExecutorService events;
    private final ScheduledExecutorService watchdog;
    private volatile long validUntilMs;
    private volatile Instant since;
    private volatile boolean running;
    private volatile Thread election;
    private volatile LockItem lease;

    DynamoDbLeaseView(CamelClusterService service, String namespace, DynamoDbClient dynamo, String table,
                      LeaderElectionProperties settings, Runnable lostTable) {
        super(service, namespace);
        this.leases = new LeaseTable(dynamo, table, namespace, settings);
        this.settings = settings;
        this.lostTable = lostTable;
        this.leaseMs = settings.leaseDuration().toMillis();
        this.renewalMs = settings.renewalPeriod().toMillis();
        this.safeMs = settings.safeTime().toMillis();
        this.events = Executors.newSingleThreadExecutor(daemon("leader-events-" + namespace));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("leader-watchdog-" + namespace));
    }

    @Override
    protected void doStart() {
        running = true;
        watchdog.scheduleWithFixedDelay(this::checkLease, WATCHDOG_MS, WATCHDOG_MS, MILLISECONDS);
        Thread t = daemon("leader-election-" + getNamespace()).newThread(this::elect);
        election = t;
        t.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        synchronized (renewal) {
            renewal.notifyAll();
        }
        Thread t = election;
        if (t != null) {
            // a leader's thread ends at its wake-up, not mid-renewal (which could leave the release below refused)
            t.join(leading.get() ? 2_000 : 1);
            t.interrupt();
            t.join(5_000);
        }
        watchdog.shutdownNow();
        LockItem held = lease;
        if (leading.compareAndSet(true, false)) {
            LOG.info("Replica {} stops: hands over the lease of {}", settings.replicaId(), getNamespace());
            fireLeadershipChangedEvent((CamelClusterMember) null);
        }
        if (held != null) {
            release(held);
        }
        events.shutdown();
        events.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return new LeaseMember(settings.replicaId(), leading.get(), true, since, settings.replicaUrl());
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leading.get()) {
            return Optional.of(getLocalMember());
        }
        return leases.otherLeader();
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>();
        members.add(getLocalMember());
        getLeader().filter(l -> !l.isLocal()).ifPresent(members::add);
        return members;
    }

    private void elect() {
        while (running) {
            try {
                LockItem item = leases.take();
                leases.reachable();
                if (lead(item)) {
                    renewWhileLeading(item);
                }
                if (running) {
                    release(item);
                }
            } catch (LockNotGrantedException heldByAnother) {
                leases.reachable();
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            } catch (ResourceNotFoundException noTable) {
                leases.unreachable("the lease table is not there", noTable);
                lostTable.run();
                pause();
            } catch (RuntimeException e) {
                leases.unreachable("the lease table could not be read", e);
                pause();
            }
        }
    }

    /** Leads from the moment the lease was taken, unless taking it took so long that it is no longer safe. */
    private boolean lead(LockItem item) {
        long valid = item.getLookupTime() + safeMs;
        if (nowMs() >= valid || !running) {
            return false;
        }
        validUntilMs = valid;
        lease = item;
        since = Instant.now();
        leases.recordSince(item, since);
        leading.set(true);
        LOG.info("Replica {} leads {} (lease {} ms, renewed every {} ms, steps down {} ms without a renewal)",
                settings.replicaId(), getNamespace(), leaseMs, renewalMs, safeMs);
        fire(getLocalMember());
        return true;
    }

    private void renewWhileLeading(LockItem item) throws InterruptedException {
        boolean failing = false;
        while (running && leading.get()) {
            synchronized (renewal) {
                renewal.wait(renewalMs);
            }
            if (!running || !leading.get()) {
                return;
            }
            try {
                leases.renew(item);
                validUntilMs = item.getLookupTime() + safeMs;
                if (failing) {
                    LOG.info("Replica {} renewed its lease of {} again", settings.replicaId(), getNamespace());
                    failing = false;
                }
            } catch (LockNotGrantedException lost) {
                stepDown("its lease was taken by another replica or ran out");
            } catch (RuntimeException e) {
                if (!running) {
                    return; // stopping: the renewal was interrupted, the lease is released next
                }
                if (!failing) {
                    LOG.warn("Replica {} could not renew its lease of {} ({}); it steps down in {} ms unless a renewal "
                            + "succeeds", settings.replicaId(), getNamespace(), e.getMessage(), validUntilMs - nowMs());
                    failing = true;
                }
            }
        }
    }

    /** The watchdog: steps down once the last successful renewal is as old as the safe time. */
    private void checkLease() {
        if (leading.get() && nowMs() >= validUntilMs) {
            stepDown("no renewal of its lease for " + safeMs + " ms; the lease can expire for the others "
                    + (leaseMs - safeMs) + " ms later");
        }
    }

    private void stepDown(String reason) {
        if (leading.compareAndSet(true, false)) {
            since = null;
            LOG.warn("Replica {} stepped down as leader of {}: {}", settings.replicaId(), getNamespace(), reason);
            fire(null);
            synchronized (renewal) {
                renewal.notifyAll();
            }
        }
    }

    private void release(LockItem item) {
        lease = null;
        leases.release(item);
    }

    /** Leadership events go out on a thread of their own: a route stopping never holds up the watchdog. */
    private void fire(CamelClusterMember leader) {
        try {
            events.execute(() -> fireLeadershipChangedEvent(leader));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.debug("Leadership event after stop not sent");
        }
    }

    private void pause() {
        try {
            Thread.sleep(Math.max(renewalMs, 1_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static long nowMs() { // the lock client's own clock: its lookup times are in the same units
        return System.nanoTime() / 1_000_000;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
