package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** The Java side of route {@code event-record}: writes the record and counts the write in the cycle. */
@Component
public class RecordWriter {

    private final EventRecordStore store;

    public RecordWriter(EventRecordStore store) {
        this.store = store;
    }

    /**
     * Writes the record of a scheduled event. In a run of route {@code cycle-publish}, links and records come from
     * its batch read ({@code known}) and hand-made records waiting for adoption from its one ownership scan.
     */
    public EventRecord write(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                             @Variable(KnownState.VARIABLE) KnownState known,
                             @Variable(RecordOwnership.VARIABLE) RecordOwnership ownership) {
        EventRecord record = ownership == null ? store.upsert(event)
                : store.upsert(event, () -> ownership.identities().unownedByDate(), () -> ownership.identities().owners(),
                        known(known));
        org.slf4j.MDC.put("eventId", record.eventId());
        if (record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return record;
    }

    /** A cancelled calendar event: marks its record, if it has one, so its page can say so. */
    public EventRecord cancel(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                              @Variable(KnownState.VARIABLE) KnownState known,
                              @Variable(RecordOwnership.VARIABLE) RecordOwnership ownership) {
        EventRecord record = ownership == null ? store.cancel(event)
                : store.cancel(event, known(known), () -> ownership.identities().owners());
        if (record != null && record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return record;
    }

    private static KnownState known(KnownState known) {
        return known == null ? KnownState.NONE : known;
    }
}
