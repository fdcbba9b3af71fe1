package com.jada.chartersync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.calendar.model.Event;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redelivery redoes the remote call. Routes {@code waiver-verify} and {@code waiver-invoke}: a retry of the waiver
 * check invokes the function again (it does not re-read the old answer), and when the retries are spent the failure
 * is dead-lettered once and recorded as the waiver layer's state while the page's own verification is still
 * recorded. Route {@code page-publish}: a failed upload is retried at the upload, not from the top of the route.
 */
class RedeliveryRouteTest extends RouteTestSupport {

    @Test
    void anUploadThatFailsUntilTheLastRetryIsRetriedAtTheUploadAndThePageIsPublished() throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 9);
        Event charter = charter("Uma Upload", day);
        faults.failNext("s3", maxRedeliveries);
        s3.expectedMessageCount(1 + maxRedeliveries);

        process(charter);

        s3.assertIsSatisfied();
        assertThat(publishPage.getReceivedCounter()).as("the page was rendered once; only the upload was redone").isEqualTo(1);
        assertThat(deadLetter.getReceivedCounter()).isZero();
        assertThat(lambda.getReceivedCounter()).as("the published page went on to its waiver check").isEqualTo(1);
        JsonNode state = state(eventId("uma-upload", day));
        assertThat(state.path("agree").asBoolean()).as("%s", state).isTrue();
    }

    @Test
    void aWaiverFunctionThatFailsUntilTheLastRetryIsInvokedAgainEachTimeAndTheCheckSucceeds() throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 10);
        Event charter = charter("Rhea Redo", day);
        faults.failNext("lambda", maxRedeliveries);
        lambda.expectedMessageCount(1 + maxRedeliveries);

        process(charter);

        lambda.assertIsSatisfied();
        assertThat(deadLetter.getReceivedCounter()).as("nothing dead-lettered: the last retry succeeded").isZero();
        JsonNode waiver = state(eventId("rhea-redo", day)).path("layers").path("waiver");
        assertThat(waiver.path("agrees").asBoolean()).as("%s", waiver).isTrue();
    }

    @Test
    void aWaiverOutageRetriesTheInvokeThenDeadLettersOnceAndStillRecordsThePage() throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 11);
        Event charter = charter("Wanda Outage", day);
        faults.failAlways("lambda");
        lambda.expectedMessageCount(1 + maxRedeliveries);
        deadLetter.expectedMessageCount(1);

        process(charter);

        lambda.assertIsSatisfied();
        deadLetter.assertIsSatisfied();
        Exchange letter = deadLetter.getReceivedExchanges().get(0);
        assertThat(caught(letter)).hasMessageContaining("lambda unavailable");
        assertThat(publishPage.getReceivedCounter()).as("the page step ran once, before the waiver check").isEqualTo(1);
        assertThat(s3.getReceivedCounter()).as("the waiver retries did not upload the page again").isEqualTo(1);

        JsonNode layers = state(eventId("wanda-outage", day)).path("layers");
        assertThat(layers.path("page").path("agrees").asBoolean()).as("S3 holds what was published: %s", layers).isTrue();
        assertThat(layers.path("edge").path("agrees").asBoolean()).as("the edge serves it: %s", layers).isTrue();
        assertThat(layers.path("waiver").path("agrees").asBoolean()).isFalse();
        assertThat(layers.path("waiver").path("reason").asText()).contains("lambda unavailable");
        assertThat(deadLettersOf(charter.getId())).as("one open dead letter for the event").singleElement()
                .satisfies(l -> assertThat(l.path("reason").asText()).contains("lambda unavailable"));
    }
}
