package com.jada.chartersync.cycle;

import org.apache.camel.LoggingLevel;
import org.apache.camel.processor.errorhandler.RedeliveryPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one redelivery policy of the flow (bean {@code charterRedelivery}), which both error configurations in
 * {@code routes/} name: {@code charter.sync.max-redeliveries} more attempts, the first after
 * {@code charter.sync.redelivery-delay} ms, each wait twice the last, at most 10 s; every retry logged as a warning.
 */
@Configuration(proxyBeanMethods = false)
public class RedeliveryConfiguration {

    @Bean
    public RedeliveryPolicy charterRedelivery(@Value("${charter.sync.max-redeliveries}") int maxRedeliveries,
                                              @Value("${charter.sync.redelivery-delay}") long delayMillis) {
        return new RedeliveryPolicy().maximumRedeliveries(maxRedeliveries).redeliveryDelay(delayMillis)
                .useExponentialBackOff().backOffMultiplier(2).maximumRedeliveryDelay(10_000)
                .retryAttemptedLogLevel(LoggingLevel.WARN);
    }
}
