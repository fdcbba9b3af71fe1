package com.jada.chartersync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.calendar.model.Event;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Route {@code event-upsert}: an event version already processed is skipped by ordinary runs and taken through
 * again by a reconcile; the repository is not eager, so a version whose work failed half-way is not processed.
 */
class IdempotencyRouteTest extends RouteTestSupport {

    @Test
    void theSameEventVersionTwiceIsRecordedOnceAndAReconcileRecordsItAgain() throws Exception {
        Event charter = charter("Ida Twice", LocalDate.of(2026, 6, 13));

        process(charter);
        process(charter);

        assertThat(messagesFor(upsertEvent, charter)).as("offered twice").isEqualTo(2);
        assertThat(messagesFor(recordEvent, charter)).as("recorded once").isEqualTo(1);

        cycles.reconcile("test");
        assertThat(messagesFor(recordEvent, charter)).as("a reconcile records it again").isEqualTo(2);

        process(charter);
        assertThat(messagesFor(recordEvent, charter)).as("still processed after the reconcile").isEqualTo(2);
    }

    @Test
    void aFailureHalfWayLeavesTheVersionUnprocessedSoTheNextOrdinaryRunTakesItThroughAgain() throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 14);
        Event charter = charter("Hal Halfway", day);
        faults.failAlways("s3");

        process(charter);

        assertThat(messagesFor(recordEvent, charter)).isEqualTo(1);
        assertThat(s3.getReceivedCounter()).as("the upload, tried 1 + %d times", maxRedeliveries).isEqualTo(1 + maxRedeliveries);
        assertThat(deadLetter.getReceivedCounter()).isEqualTo(1);
        JsonNode layers = state(eventId("hal-halfway", day)).path("layers");
        JsonNode record = layers.path("record");
        assertThat(record.path("holds").path("calendarEtag").asText()).as("the record step's work is kept: %s", record)
                .isEqualTo(charter.getEtag());
        assertThat(layers.path("page").path("agrees").asBoolean()).as("the page: %s", layers.path("page")).isFalse();
        assertThat(layers.path("page").path("reason").asText()).as("the upload never went through").contains("page missing from S3");
        assertThat(deadLettersOf(charter.getId())).singleElement()
                .satisfies(l -> assertThat(l.path("routeId").asText()).isEqualTo("page-publish"));

        faults.clear();
        process(charter);
        assertThat(messagesFor(recordEvent, charter)).as("not marked processed by the failed run").isEqualTo(2);
        assertThat(s3.getReceivedCounter()).isEqualTo(2 + maxRedeliveries);
        assertThat(deadLettersOf(charter.getId())).as("resolved by the run that finished it").isEmpty();

        process(charter);
        assertThat(messagesFor(recordEvent, charter)).as("processed now").isEqualTo(2);
    }
}
