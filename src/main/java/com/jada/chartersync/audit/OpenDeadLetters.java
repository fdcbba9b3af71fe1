package com.jada.chartersync.audit;

import com.jada.chartersync.deadletter.DeadLetterStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** {@link DeadLetterCounts} from {@link DeadLetterStore#list()} (one Scan of the dead-letter table, plus the journal). */
public class OpenDeadLetters implements DeadLetterCounts {

    private final DeadLetterStore store;
    private final Clock clock;

    public OpenDeadLetters(DeadLetterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public int open() {
        return store.list().size();
    }

    @Override
    public Duration oldestOpenAge() {
        List<Map<String, Object>> open = store.list();
        return open.stream().map(m -> m.get("failedAt")).filter(Objects::nonNull).map(String::valueOf)
                .map(OpenDeadLetters::instant).filter(Objects::nonNull).min(Instant::compareTo)
                .map(oldest -> Duration.between(oldest, clock.instant())).orElse(null);
    }

    @Override
    public Integer givenUp() {
        return null;
    }

    private static Instant instant(String s) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The store's counts unless another {@link DeadLetterCounts} bean is there. */
    @Configuration(proxyBeanMethods = false)
    static class Defaults {
        @Bean
        @ConditionalOnMissingBean(DeadLetterCounts.class)
        DeadLetterCounts deadLetterCounts(DeadLetterStore store) {
            return new OpenDeadLetters(store, Clock.systemUTC());
        }
    }
}
