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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java side of routes {@code waiver-verify} and {@code waiver-invoke}: one {@code verify} request for a batch
 * of published pages' events, the check of the answer, and what a failure leaves behind. Camel's Lambda producer
 * hands back a function error as an ordinary payload; here it becomes an exception, so the route retries the
 * invoke. An event the waiver system does not know is retried too (with the batch); when the retries are spent,
 * the events it did answer keep their answers and only the failed ones are recorded as failed and dead-lettered.
 */
@Component
public class WaiverVerification {

    /** Route variable: the batch's pages (route pages-verify sends up to 1000 at a time). */
    public static final String PAGES = "waiverBatch";
    /** Route variable: eventId → what the last answer said about it (absent: not answered). */
    static final String ANSWERS = "waiverAnswers";
    /** Route variable: the pages whose waiver check failed once the retries were spent (dead-lettered one by one). */
    public static final String FAILURES = "waiverFailures";
    static final String SERVICE = "lambda";

    private final ObjectMapper json = new ObjectMapper();
    private final CallCounter calls;

    public WaiverVerification(CallCounter calls) {
        this.calls = calls;
    }

    public String request(@Variable(PAGES) List<PublishedPage> pages, Exchange exchange) throws IOException {
        exchange.setVariable(ANSWERS, new HashMap<String, WaiverCheck>());
        return json.writeValueAsString(Map.of("action", "verify",
                "eventIds", pages.stream().map(PublishedPage::eventId).toList()));
    }

    /** Answers the pages with their checks, or throws (and the invoke is retried) for a failure or an unknown event. */
    public List<CheckedPage> check(@Body String answer, @Variable(PAGES) List<PublishedPage> pages,
                                   @Variable(ANSWERS) Map<String, WaiverCheck> answers,
                                   @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) throws IOException {
        JsonNode result = json.readTree(answer == null ? "{}" : answer);
        if (result.has("errorMessage") && result.has("errorType")) {
            String reason = "waiver function failed: " + result.get("errorType").asText() + ": "
                    + result.get("errorMessage").asText();
            calls.failed(SERVICE, reason);
            throw new WaiverVerificationException(reason);
        }
        JsonNode results = result.path("results");
        if (!results.isArray() || results.size() != pages.size()) {
            String reason = "waiver function answered " + (results.isArray() ? results.size() + " results" : "no results")
                    + " for " + pages.size() + " events";
            calls.failed(SERVICE, reason);
            throw new WaiverVerificationException(reason);
        }
        calls.succeeded(SERVICE);
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) {
            JsonNode one = results.get(i);
            String eventId = pages.get(i).eventId();
            if (!eventId.equals(one.path("eventId").asText()) || !one.path("known").asBoolean(false)) {
                unknown.add(eventId);
            } else {
                answers.put(eventId, WaiverCheck.answered(one.path("waiverStatus").asText("pending"),
                        one.path("signed").asInt(), one.path("expected").asInt(), one.path("bookable").asBoolean(true)));
            }
        }
        if (!unknown.isEmpty()) {
            throw new WaiverVerificationException("waiver system does not know event" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown));
        }
        List<CheckedPage> out = new ArrayList<>(pages.size());
        for (PublishedPage page : pages) {
            out.add(new CheckedPage(page, answers.get(page.eventId())));
            if (cycle != null) {
                cycle.waiverVerified();
            }
        }
        return out;
    }

    /**
     * The retries are spent: events the last answer knew keep that answer; the others get the failure as their
     * waiver layer's recorded state and are listed in {@link #FAILURES} for their dead letters.
     */
    public List<CheckedPage> failed(Exchange exchange, @Variable(PAGES) List<PublishedPage> pages,
                                    @Variable(ANSWERS) Map<String, WaiverCheck> answers,
                                    @ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = cause == null ? "unknown failure" : String.valueOf(NestedExceptionUtils.getMostSpecificCause(cause).getMessage());
        if (!(cause instanceof WaiverVerificationException)) {
            calls.failed(SERVICE, reason);
        }
        List<CheckedPage> out = new ArrayList<>(pages.size());
        List<CheckedPage> failures = new ArrayList<>();
        for (PublishedPage page : pages) {
            WaiverCheck known = answers == null ? null : answers.get(page.eventId());
            if (known != null) {
                out.add(new CheckedPage(page, known));
                if (cycle != null) {
                    cycle.waiverVerified();
                }
            } else {
                CheckedPage failedPage = new CheckedPage(page, WaiverCheck.failed(reason.contains("does not know event")
                        ? "waiver system does not know event " + page.eventId() : reason));
                out.add(failedPage);
                failures.add(failedPage);
            }
        }
        exchange.setVariable(FAILURES, failures);
        return out;
    }

    /** One failed page's dead letter: the page as its payload, its own reason as the failure. */
    public PublishedPage letter(@Body CheckedPage failed, Exchange exchange) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, new WaiverVerificationException(failed.waiver().reason()));
        return failed.page();
    }

    /** A published page and what the waiver system said about its event. */
    public record CheckedPage(PublishedPage page, WaiverCheck waiver) {
    }

    /** The waiver function failed or does not know the event: retried, then recorded and dead-lettered. */
    public static class WaiverVerificationException extends RuntimeException {
        public WaiverVerificationException(String message) {
            super(message);
        }
    }
}
