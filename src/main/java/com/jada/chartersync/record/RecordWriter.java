package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/** The Java side of route {@code event-upsert}: writes the record and counts the write in the cycle. */
@Component
public class RecordWriter {

    private final EventRecordStore store;
    private final PublishedPageCheck pages;

    public RecordWriter(EventRecordStore store, PublishedPageCheck pages) {
        this.store = store;
        this.pages = pages;
    }

    public EventRecord write(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                             Exchange exchange) {
        // Hand-made records waiting for adoption are looked up once per cycle, not once per new event.
        EventRecord record = cycle == null ? store.upsert(event)
                : store.upsert(event, () -> identities(cycle).unownedByDate(), () -> identities(cycle).owners(),
                        cycle.knownState());
        exchange.setProperty("eventId", record.eventId());
        org.slf4j.MDC.put("eventId", record.eventId());
        if (record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return reconciled(record, cycle);
    }

    /** A cancelled calendar event: marks its record, if it has one, so its page can say so. */
    public EventRecord cancel(@Body CharterEvent event, @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                              Exchange exchange) {
        EventRecord record = cycle == null ? store.cancel(event)
                : store.cancel(event, cycle.knownState(), () -> identities(cycle).owners());
        if (record == null) {
            return null;
        }
        exchange.setProperty("eventId", record.eventId());
        if (record.written() && cycle != null) {
            cycle.recordWritten();
        }
        return reconciled(record, cycle);
    }

    /** Who owns which record, read once per cycle and only when some event has no link. */
    private EventRecordStore.Identities identities(SyncCycle cycle) {
        return cycle.memo("recordIdentities", store::identities);
    }

    /** In a reconcile cycle, a record whose page is missing from S3 (or not what was published) is published again. */
    private EventRecord reconciled(EventRecord record, SyncCycle cycle) {
        if (record.needsPublishing() || cycle == null || !cycle.reconciling()) {
            return record;
        }
        try {
            if (pages.isPublished(record, cycle)) {
                return record;
            }
        } catch (SdkException s3NotReadable) {
            // S3 cannot say: publish again, so a failure is reported by the page step (the layer that failed)
        }
        return new EventRecord(record.item(), record.written(), true, true);
    }
}
