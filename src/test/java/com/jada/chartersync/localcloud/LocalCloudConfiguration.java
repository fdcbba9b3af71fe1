package com.jada.chartersync.localcloud;

import com.jada.chartersync.config.CharterSyncProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
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
    public LocalCloud localCloud(LocalCloudProperties properties, CharterSyncProperties charter) throws IOException {
        return new LocalCloud(properties, charter.tables()).start();
    }
}
