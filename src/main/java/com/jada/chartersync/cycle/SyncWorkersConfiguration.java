package com.jada.chartersync.cycle;

import com.jada.chartersync.config.CharterSyncProperties;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;

/**
 * The threads a cycle works on its events with (bean {@code syncWorkers}, named by the splits in {@code routes/}):
 * {@code charter.sync.concurrency} of them. Made through Camel's executor manager, so Camel names the threads and
 * shuts the pool down with the context.
 */
@Configuration(proxyBeanMethods = false)
public class SyncWorkersConfiguration {

    @Bean
    public ExecutorService syncWorkers(CamelContext camel, CharterSyncProperties properties) {
        return camel.getExecutorServiceManager().newFixedThreadPool(this, "sync-worker", properties.sync().concurrency());
    }
}
