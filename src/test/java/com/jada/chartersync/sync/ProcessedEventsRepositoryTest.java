package com.jada.chartersync.sync;

import com.jada.chartersync.LocalSandboxTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared idempotency store, against the DynamoDB stand-in: what two replicas racing would see. */
class ProcessedEventsRepositoryTest extends LocalSandboxTest {

    @Autowired
    DynamoDbIdempotentRepository processed;

    @Test
    void anEventVersionIsProcessedByExactlyOneOfManyConcurrentReplicas() throws Exception {
        String key = DynamoDbIdempotentRepository.key("race-" + System.nanoTime(), "\"7\"");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> replicas = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replicas.add(() -> processed.add(key));
            }
            long winners = 0;
            for (Future<Boolean> f : pool.invokeAll(replicas)) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(processed.contains(key)).isTrue();
    }

    @Test
    void aRemovedKeyCanBeProcessedAgain() {
        String key = DynamoDbIdempotentRepository.key("retry-" + System.nanoTime(), "\"1\"");
        assertThat(processed.add(key)).isTrue();
        assertThat(processed.add(key)).isFalse();
        assertThat(processed.remove(key)).isTrue();
        assertThat(processed.add(key)).isTrue();
    }
}
