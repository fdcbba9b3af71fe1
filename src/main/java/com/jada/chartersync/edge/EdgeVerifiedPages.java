package com.jada.chartersync.edge;

import com.jada.chartersync.cycle.PublishedPage;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The split of route {@code pages-verify} answers the pages the edge served exactly ({@link PageVerifier#verify}
 * marks them with variable {@value #VERIFIED}); a page that failed was dead-lettered and is left out. The answer is
 * a fresh exchange, so nothing of a failed page's error handling reaches the route.
 */
@Component("edgeVerifiedPages")
public class EdgeVerifiedPages implements AggregationStrategy {

    public static final String VERIFIED = "edgeVerified";

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        Exchange result = oldExchange;
        if (result == null) {
            result = new DefaultExchange(newExchange.getContext());
            result.getMessage().setBody(new ArrayList<PublishedPage>());
        }
        if (Boolean.TRUE.equals(newExchange.getVariable(VERIFIED))) {
            ((List<PublishedPage>) result.getMessage().getBody()).add(newExchange.getMessage().getBody(PublishedPage.class));
        }
        return result;
    }
}
