package com.jada.chartersync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.services.calendar.model.Event;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Routes {@code cycle-publish}, {@code event-record} and {@code dead-letter}: wrong input is set aside, not retried. */
class DeadLetterRouteTest extends RouteTestSupport {

    @Test
    void aCharterWithoutAGuestIsDeadLetteredOnceWithItsReasonAndTheRestOfTheSplitGoesOn() throws Exception {
        LocalDate day = LocalDate.of(2026, 6, 12);
        Event before = charter("Dora Before", day);
        Event noGuest = calendarEvent("", "Arrive by: 10:00\nCaptain: Sarah", day);
        Event after = charter("Dion After", day);
        // each of the three events is taken through on its own (split), the good ones on to their page
        NotifyBuilder eachEvent = new NotifyBuilder(camel).wereSentTo("direct:event-upsert").whenExactlyDone(3).create();
        NotifyBuilder goodOnesPublished = new NotifyBuilder(camel).wereSentTo("direct:page-publish").whenExactlyDone(2).create();
        // the bad event's exchange is handled (dead-lettered), so nothing of this run fails
        NotifyBuilder runCompleted = new NotifyBuilder(camel).from("direct:cycle-publish").whenCompleted(1)
                .and().whenExactlyFailed(0).create();
        deadLetter.expectedMessageCount(1);

        process(before, noGuest, after);
        assertThat(eachEvent.matches(5, TimeUnit.SECONDS)).as("the split took all three events through").isTrue();
        assertThat(goodOnesPublished.matches(5, TimeUnit.SECONDS)).as("both good charters reached the page step").isTrue();
        assertThat(runCompleted.matches(5, TimeUnit.SECONDS)).as("the run completed, not failed").isTrue();

        deadLetter.assertIsSatisfied();
        Exchange letter = deadLetter.getReceivedExchanges().get(0);
        assertThat(letter.getMessage().getBody(Event.class).getId()).isEqualTo(noGuest.getId());
        assertThat(caught(letter)).hasMessageContaining("names no guest");
        assertThat(letter.getProperty(Exchange.FAILURE_ROUTE_ID, String.class)).isEqualTo("event-record");
        assertThat(messagesFor(recordEvent, before)).isEqualTo(1);
        assertThat(messagesFor(recordEvent, after)).isEqualTo(1);

        assertThat(deadLettersOf(noGuest.getId())).singleElement().satisfies(l -> {
            assertThat(l.path("routeId").asText()).isEqualTo("event-record");
            assertThat(l.path("reason").asText()).contains("names no guest");
        });
        for (String id : new String[] {eventId("dora-before", day), eventId("dion-after", day)}) {
            JsonNode state = state(id);
            assertThat(state.path("agree").asBoolean()).as("%s", state).isTrue();
        }
    }
}
