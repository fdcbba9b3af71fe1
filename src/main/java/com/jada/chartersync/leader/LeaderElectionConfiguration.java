package com.jada.chartersync.leader;

import com.jada.chartersync.config.AwsClientsConfiguration;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.record.TableInitializer;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cluster service {@code master:} routes and {@link Leadership} use: the DynamoDB lease everywhere by default
 * (the local cloud's dynalite included), Kubernetes' Lease objects with {@code charter.cluster.kubernetes.enabled}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaderElectionProperties.class)
public class LeaderElectionConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderElectionConfiguration.class);

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "charter.cluster.kubernetes.enabled", havingValue = "false", matchIfMissing = true)
    CamelClusterService dynamoDbLeaseClusterService(CamelContext camel, AwsClientsConfiguration clients,
                                                    LeaderElectionProperties settings, CharterSyncProperties properties) {
        // a client of its own: no lease call counts in a cycle's figures, and none waits longer than a renewal
        // period, so a renewal that cannot get through fails in time for the next one (closed with the service)
        DynamoDbClient leaseClient = clients.uncountedDynamoDbClient(settings.renewalPeriod());
        Runnable lostTable = () -> {
            if (properties.aws().createTables()) {
                // only the lease table: the other tables a loss took are made again by the cycle that meets them
                // gone, which then reconciles every layer
                LOG.warn("Lease table {} not there: creating it", properties.tables().leases());
                try {
                    TableInitializer.ensureOne(leaseClient, properties.tables(), properties.tables().leases());
                } catch (RuntimeException e) {
                    LOG.warn("Could not create the lease table: {}", e.getMessage());
                }
            }
        };
        DynamoDbLeaseClusterService service = new DynamoDbLeaseClusterService(leaseClient, properties.tables().leases(),
                settings, lostTable);
        return register(camel, service);
    }

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "charter.cluster.kubernetes.enabled", havingValue = "true")
    CamelClusterService kubernetesClusterService(CamelContext camel, LeaderElectionProperties settings) {
        LeaderElectionProperties.Kubernetes k = settings.kubernetes();
        // the API server's address goes in the configuration the views are made from (in a pod: the pod's own)
        org.apache.camel.component.kubernetes.KubernetesConfiguration api =
                new org.apache.camel.component.kubernetes.KubernetesConfiguration();
        if (k.masterUrl() != null && !k.masterUrl().isBlank()) {
            api.setMasterUrl(k.masterUrl());
        }
        if (k.namespace() != null && !k.namespace().isBlank()) {
            api.setNamespace(k.namespace());
        }
        KubernetesClusterService service = new KubernetesClusterService(api);
        service.setId(settings.replicaId());
        service.setPodName(settings.replicaId());
        if (k.namespace() != null && !k.namespace().isBlank()) {
            service.setKubernetesResourcesNamespace(k.namespace());
        }
        service.setKubernetesResourceName(k.leaseName());
        service.setClusterLabels(k.labels());
        service.setLeaseDurationMillis(settings.leaseDuration().toMillis());
        // the leader stops its routes this long after its last renewal: before the lease can pass to another pod
        service.setRenewDeadlineMillis(settings.safeTime().toMillis());
        service.setRetryPeriodMillis(settings.renewalPeriod().toMillis());
        return register(camel, service);
    }

    /** master: finds cluster services among the Camel context's services, which starts and stops them with it. */
    private static CamelClusterService register(CamelContext camel, CamelClusterService service) {
        service.setCamelContext(camel);
        try {
            camel.addService(service, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("could not add the cluster service to Camel", e);
        }
        return service;
    }
}
