package com.jada.chartersync.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Map;

/**
 * The Java side of route {@code waiver-verify}: the {@code verify} request for a published event, and the
 * check of the answer. Camel's Lambda producer hands back a function error as an ordinary payload; here it
 * becomes an exception, so the route's error handler retries it and then dead-letters it.
 */
@Component
public class WaiverVerification {

    private final ObjectMapper json = new ObjectMapper();

    public String request(@Body PublishedPage page) throws IOException {
        return json.writeValueAsString(Map.of("action", "verify", "eventId", page.eventId()));
    }

    public void check(@Body String answer, @ExchangeProperty("publishedPage") PublishedPage page,
                      @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle, Exchange exchange) throws IOException {
        JsonNode result = json.readTree(answer == null ? "{}" : answer);
        if (result.has("errorMessage") && result.has("errorType")) {
            throw new WaiverVerificationException("waiver function failed for " + page.eventId() + ": "
                    + result.get("errorType").asText() + ": " + result.get("errorMessage").asText());
        }
        if (!result.path("known").asBoolean(false)) {
            throw new WaiverVerificationException("waiver system does not know event " + page.eventId());
        }
        String check = result.path("waiverStatus").asText("pending") + " " + result.path("signed").asInt()
                + "/" + result.path("expected").asInt() + (result.path("bookable").asBoolean(true) ? "" : ", not bookable");
        exchange.setProperty("waiverCheck", check);
        if (cycle != null) {
            cycle.waiverVerified();
        }
    }

    /** The waiver function failed or does not know the event: retried, then dead-lettered. */
    public static class WaiverVerificationException extends RuntimeException {
        public WaiverVerificationException(String message) {
            super(message);
        }
    }
}
