package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** The Java side of route {@code event-upsert}: writes the record and counts the write in the cycle. */
@Component
public class RecordWriter {

    private final EventRecordStore store;

    public RecordWriter(EventRecordStore store) {
        this.store = store;
    }

    public EventRecord write(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                             Exchange exchange) {
        EventRecord record = store.upsert(event);
        exchange.setProperty("eventId", record.eventId());
        if (record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return record;
    }
}
