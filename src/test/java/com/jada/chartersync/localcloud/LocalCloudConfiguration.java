package com.jada.chartersync.localcloud;

import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.io.IOException;

/**
 * The local cloud as a bean of the runtime's context: the {@code local} profile starts it before the runtime's
 * own beans reach for it; every other profile starts none. Lives in test sources, so the product jar never
 * carries it.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
@EnableConfigurationProperties(LocalCloudProperties.class)
public class LocalCloudConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "charter.local.attach", havingValue = "false", matchIfMissing = true)
    public LocalCloud localCloud(LocalCloudProperties properties, CharterSyncProperties charter) throws IOException {
        return new LocalCloud(properties, charter.tables()).start();
    }

    /**
     * {@code charter.local.attach=true}: a second replica beside a runtime already on the embedded default uses that
     * runtime's local cloud (the same ports) instead of starting one: both share the tables, the bucket and the
     * lease, as two replicas in AWS would (docs/operations.md, "Two replicas").
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "charter.local.attach", havingValue = "true")
    public LocalCloud attachedLocalCloud(LocalCloudProperties properties, CharterSyncProperties charter) {
        return new LocalCloud(properties, charter.tables());
    }
}
