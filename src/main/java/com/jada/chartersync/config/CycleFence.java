package com.jada.chartersync.config;

import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Stops the AWS calls of a leader's cycle the moment the replica steps down: while closed, every call of the
 * runtime's clients fails at once, without a retry, so the cycle left over from the lost term ends within
 * milliseconds instead of finishing calls beside the next leader's cycle. Closed only while such a cycle is
 * still running ({@code SyncCycles}); operator work waits behind that cycle anyway.
 */
@Component
public class CycleFence implements ExecutionInterceptor {

    private volatile boolean closed;

    public void close() {
        closed = true;
    }

    public void open() {
        closed = false;
    }

    public boolean closed() {
        return closed;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (closed) {
            throw NonRetryableException.builder()
                    .message("this replica stepped down as leader: its cycle makes no further call").build();
        }
    }
}
