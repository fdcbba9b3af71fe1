package com.jada.chartersync.standin;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import java.io.IOException;

/** The embedded default: only the {@code local} profile starts stand-ins; every other profile starts none. */
@Configuration(proxyBeanMethods = false)
@Profile("local")
@EnableConfigurationProperties(LocalStandInProperties.class)
public class LocalStandInsConfiguration {

    @Bean(destroyMethod = "close")
    public LocalStandIns localStandIns(LocalStandInProperties properties) throws IOException {
        return new LocalStandIns(properties).start();
    }
}
