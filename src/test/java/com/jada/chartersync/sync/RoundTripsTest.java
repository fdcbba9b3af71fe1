package com.jada.chartersync.sync;

import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.cycle.CycleSummary;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a cycle of new charters costs in round trips, counted at the runtime's clients: per new event one record
 * write and one verified-status write in DynamoDB; the links and the processed versions in batches of 25; one
 * waiver invoke for the whole cycle.
 */
class RoundTripsTest extends LocalSandboxTest {

    @Test
    void newChartersCostTwoDynamoDbWritesEachAndTheCycleOneWaiverInvoke() throws Exception {
        int n = 30;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String guest = "Rt" + (char) ('a' + i % 26) + (char) ('a' + i / 26);
            ids.add(sandbox.insertEvent(guest + " – Sail", "Guest: " + guest + "\nArrive by: 10:00\nCaptain: Sarah",
                    "2026-06-09T10:30:00-07:00", "2026-06-09T12:00:00-07:00"));
        }
        CycleSummary summary = cycles.runCycle("test");
        Map<String, Long> calls = summary.calls();

        assertThat(summary.recordsWritten()).isGreaterThanOrEqualTo(n);
        assertThat(summary.pagesVerified()).isGreaterThanOrEqualTo(n);
        assertThat(summary.waiversVerified()).isEqualTo(summary.pagesVerified());
        long events = summary.recordsWritten();
        assertThat(calls.get("dynamodb.UpdateItem")).as("the record, then its verified status").isEqualTo(2 * events);
        assertThat(calls.getOrDefault("dynamodb.PutItem", 0L)).as("the calendar cursor only: links go in batches").isLessThanOrEqualTo(1L);
        assertThat(calls.get("dynamodb.BatchWriteItem")).as("links and processed versions, 25 a call")
                .isEqualTo(2 * ((events + 24) / 25));
        assertThat(calls.get("lambda.Invoke")).as("one verify for every page of the cycle").isEqualTo(1L);
        assertThat(calls.get("dynamodb") / (double) events).as("DynamoDB calls per new event").isLessThanOrEqualTo(2.4);
        for (String id : ids) {
            assertThat(records.linkedId(id)).as("linked: %s", id).isPresent();
        }
    }
}
