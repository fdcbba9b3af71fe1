package com.jada.chartersync.edge;

import com.jada.chartersync.page.PublishedPagesAggregation;
import org.springframework.stereotype.Component;

/**
 * The split of route {@code pages-verify} answers the pages the edge served exactly: {@link PageVerifier#verify}
 * leaves each such page in variable {@value #VERIFIED}; a page that failed was dead-lettered and is left out.
 */
@Component("edgeVerifiedPages")
public class EdgeVerifiedPages extends PublishedPagesAggregation {

    public static final String VERIFIED = "edgeVerifiedPage";

    public EdgeVerifiedPages() {
        super(VERIFIED);
    }
}
