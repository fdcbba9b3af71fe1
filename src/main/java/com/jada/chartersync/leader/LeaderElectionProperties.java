package com.jada.chartersync.leader;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Who leads among the replicas sharing the tables ({@code charter.cluster.*}). The leader holds a lease it renews
 * every {@code renewalPeriod}; the others take it over once it has gone unrenewed for {@code leaseDuration}. A
 * leader that could not renew steps down {@code safetyMargin} before its lease can expire for the others, so two
 * replicas never lead at once; the relation is checked when the runtime starts.
 *
 * @param namespace   the election's name: replicas with the same namespace and lease table elect one leader
 * @param replicaId   this replica's name on the board and in the lease (host name and a random suffix by default)
 * @param replicaUrl  where an operator reaches this replica's board, shown by the others while it leads (optional)
 * @param kubernetes  the Kubernetes Lease-based election instead of the DynamoDB lease (for clusters that have one)
 */
@ConfigurationProperties("charter.cluster")
public record LeaderElectionProperties(String namespace, String replicaId, String replicaUrl, Duration leaseDuration,
                                       Duration renewalPeriod, Duration safetyMargin, Kubernetes kubernetes) {

    public LeaderElectionProperties {
        namespace = namespace == null || namespace.isBlank() ? "charter-sync-poller" : namespace;
        replicaId = replicaId == null || replicaId.isBlank() ? "charter-sync" : replicaId;
        replicaUrl = replicaUrl == null ? "" : replicaUrl.strip();
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(20) : leaseDuration;
        renewalPeriod = renewalPeriod == null ? Duration.ofSeconds(5) : renewalPeriod;
        safetyMargin = safetyMargin == null ? Duration.ofSeconds(5) : safetyMargin;
        kubernetes = kubernetes == null ? new Kubernetes(false, null, null, null, null) : kubernetes;
        String problem = problem(leaseDuration, renewalPeriod, safetyMargin);
        if (problem != null) {
            throw new IllegalArgumentException("charter.cluster: " + problem);
        }
    }

    /**
     * What is wrong with the three durations, or null: the leader must be able to miss one renewal and still renew
     * before it steps down, and step down before the lease can expire for the others.
     */
    static String problem(Duration lease, Duration renewal, Duration margin) {
        if (renewal.isNegative() || renewal.isZero() || margin.isNegative() || margin.isZero()) {
            return "renewal-period and safety-margin must be positive";
        }
        Duration safe = lease.minus(margin);
        if (safe.compareTo(renewal.multipliedBy(2)) < 0) {
            return "lease-duration (" + lease + ") minus safety-margin (" + margin + ") must be at least twice the "
                    + "renewal-period (" + renewal + "), so a leader can miss one renewal before it steps down";
        }
        return null;
    }

    /** How long a leader may go without a renewal before it steps down: the lease less the safety margin. */
    public Duration safeTime() {
        return leaseDuration.minus(safetyMargin);
    }

    /**
     * {@code enabled}: elect through a Kubernetes Lease (camel-kubernetes) instead of the DynamoDB lease table.
     * {@code masterUrl}: the API server when not running in a pod; {@code namespace}: the pods' namespace;
     * {@code labels}: the labels the replicas' pods carry (candidates are the ready pods with them).
     */
    public record Kubernetes(boolean enabled, String masterUrl, String namespace, String leaseName,
                             java.util.Map<String, String> labels) {

        public Kubernetes {
            leaseName = leaseName == null || leaseName.isBlank() ? "charter-sync-leaders" : leaseName;
            labels = labels == null || labels.isEmpty() ? java.util.Map.of("app", "charter-sync") : java.util.Map.copyOf(labels);
        }
    }
}
