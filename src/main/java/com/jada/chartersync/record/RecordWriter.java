package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.stereotype.Component;

/** The Java side of route {@code event-upsert}: writes the record and counts the write in the cycle. */
@Component
public class RecordWriter {

    private final EventRecordStore store;

    public RecordWriter(EventRecordStore store) {
        this.store = store;
    }

    public EventRecord write(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                             @Variable(KnownState.VARIABLE) KnownState known, Exchange exchange) {
        // Hand-made records waiting for adoption are looked up once per cycle, not once per new event.
        EventRecord record = cycle == null ? store.upsert(event)
                : store.upsert(event, () -> identities(cycle).unownedByDate(), () -> identities(cycle).owners(),
                        known(known));
        exchange.setProperty("eventId", record.eventId());
        org.slf4j.MDC.put("eventId", record.eventId());
        if (record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return record;
    }

    /** A cancelled calendar event: marks its record, if it has one, so its page can say so. */
    public EventRecord cancel(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                              @Variable(KnownState.VARIABLE) KnownState known, Exchange exchange) {
        EventRecord record = cycle == null ? store.cancel(event)
                : store.cancel(event, known(known), () -> identities(cycle).owners());
        if (record == null) {
            return null;
        }
        exchange.setProperty("eventId", record.eventId());
        if (record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return record;
    }

    /** Who owns which record, read once per cycle and only when some event has no link. */
    private EventRecordStore.Identities identities(SyncCycle cycle) {
        return cycle.memo("recordIdentities", store::identities);
    }

    private static KnownState known(KnownState known) {
        return known == null ? KnownState.NONE : known;
    }
}
