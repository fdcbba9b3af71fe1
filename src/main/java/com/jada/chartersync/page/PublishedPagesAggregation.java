package com.jada.chartersync.page;

import com.jada.chartersync.cycle.PublishedPage;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Route {@code cycle-publish}'s split over the events answers the pages it uploaded: each event's exchange that
 * reached the upload carries its page as variable {@value PagePublisher#PUBLISHED}; the split's result body is the
 * list of them (events with no new page add nothing). Nested, the outer split adds up the lists of the inner ones.
 * A failure an event's exchange still carries is passed on, as the split does without a strategy. Camel calls this
 * one aggregation at a time, also with parallel processing. Other splits over pages collect another variable the
 * same way (the edge check's, {@code EdgeVerifiedPages}).
 */
@Component("publishedPages")
public class PublishedPagesAggregation implements AggregationStrategy {

    private final String variable;

    public PublishedPagesAggregation() {
        this(PagePublisher.PUBLISHED);
    }

    /** Collects the page each exchange carries in {@code variable}. */
    protected PublishedPagesAggregation(String variable) {
        this.variable = variable;
    }

    @Override
    public Exchange aggregate(Exchange pagesSoFar, Exchange event) {
        Exchange result = pagesSoFar;
        if (result == null) {
            // a fresh exchange, so nothing of the first event's exchange (its headers, its error handling) leaks out
            result = new DefaultExchange(event.getContext());
            result.getMessage().setBody(new ArrayList<PublishedPage>());
        }
        PublishedPage page = event.getVariable(variable, PublishedPage.class);
        if (page != null) {
            pages(result).add(page);
        } else if (event.getMessage().getBody() instanceof List<?> group) {
            // a group of events split on its own (route cycle-publish): its pages, already aggregated
            group.stream().filter(PublishedPage.class::isInstance).map(PublishedPage.class::cast).forEach(pages(result)::add);
        }
        if (event.getException() != null && result.getException() == null) {
            result.setException(event.getException());
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static List<PublishedPage> pages(Exchange result) {
        return result.getMessage().getBody(List.class);
    }
}
