package com.jada.chartersync.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The threads the operator's pages read on side by side (bean {@code pageReaders}): the board's records, page
 * listings, calendar, dead letters and urgent days' waivers, the dock manifest's records and waivers. Twelve, so a
 * board page's reads all start at once; daemon threads, stopped with the context.
 */
@Configuration(proxyBeanMethods = false)
public class ReadersConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService pageReaders() {
        return Executors.newFixedThreadPool(12, r -> {
            Thread t = new Thread(r, "page-read");
            t.setDaemon(true);
            return t;
        });
    }
}
