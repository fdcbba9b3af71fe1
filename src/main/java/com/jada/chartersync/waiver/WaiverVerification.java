package com.jada.chartersync.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Map;

/**
 * The Java side of routes {@code waiver-verify} and {@code waiver-invoke}: the {@code verify} request for a
 * published event, the check of the answer, and what a failure leaves behind. Camel's Lambda producer hands back a
 * function error as an ordinary payload; here it becomes an exception, so the route retries the invoke.
 */
@Component
public class WaiverVerification {

    public static final String VARIABLE = "waiverCheck";
    static final String SERVICE = "lambda";

    private final ObjectMapper json = new ObjectMapper();
    private final CallCounter calls;

    public WaiverVerification(CallCounter calls) {
        this.calls = calls;
    }

    public String request(@Variable("publishedPage") PublishedPage page) throws IOException {
        return json.writeValueAsString(Map.of("action", "verify", "eventId", page.eventId()));
    }

    public void check(@Body String answer, @Variable("publishedPage") PublishedPage page,
                      @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle, Exchange exchange) throws IOException {
        JsonNode result = json.readTree(answer == null ? "{}" : answer);
        if (result.has("errorMessage") && result.has("errorType")) {
            String reason = "waiver function failed for " + page.eventId() + ": "
                    + result.get("errorType").asText() + ": " + result.get("errorMessage").asText();
            calls.failed(SERVICE, reason);
            throw new WaiverVerificationException(reason);
        }
        if (!result.path("known").asBoolean(false)) {
            throw new WaiverVerificationException("waiver system does not know event " + page.eventId());
        }
        calls.succeeded(SERVICE);
        exchange.setVariable(VARIABLE, WaiverCheck.answered(result.path("waiverStatus").asText("pending"),
                result.path("signed").asInt(), result.path("expected").asInt(), result.path("bookable").asBoolean(true)));
        if (cycle != null) {
            cycle.waiverVerified();
        }
    }

    /** The retries are spent: the failure becomes the waiver layer's recorded state, and the page the body again. */
    public void failed(Exchange exchange, @Variable("publishedPage") PublishedPage page) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : String.valueOf(NestedExceptionUtils.getMostSpecificCause(cause).getMessage());
        if (!(cause instanceof WaiverVerificationException)) {
            calls.failed(SERVICE, reason);
        }
        exchange.setVariable(VARIABLE, WaiverCheck.failed(reason));
        exchange.getMessage().setBody(page);
    }

    /** The waiver function failed or does not know the event: retried, then recorded and dead-lettered. */
    public static class WaiverVerificationException extends RuntimeException {
        public WaiverVerificationException(String message) {
            super(message);
        }
    }
}
