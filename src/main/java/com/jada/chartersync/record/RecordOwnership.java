package com.jada.chartersync.record;

import org.springframework.util.function.SingletonSupplier;

import java.util.function.Supplier;

/**
 * Who owns which record ({@link EventRecordStore#identities()}): one paged scan, made at most once per run and only
 * when some event has no link. Route {@code cycle-publish} makes one per run as variable {@value #VARIABLE}; the
 * split's exchanges share it, so parallel events wait for the one scan instead of each making their own.
 */
public final class RecordOwnership {

    public static final String VARIABLE = "recordOwnership";

    private final Supplier<EventRecordStore.Identities> scan;

    public RecordOwnership(EventRecordStore store) {
        this.scan = SingletonSupplier.of(store::identities);
    }

    public EventRecordStore.Identities identities() {
        return scan.get();
    }
}
