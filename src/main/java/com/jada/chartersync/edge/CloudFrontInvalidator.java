package com.jada.chartersync.edge;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;

import java.util.List;

/** One CloudFront invalidation per cycle for the paths it uploaded (CloudFront has no Camel component). */
@Component
public class CloudFrontInvalidator {

    private static final Logger LOG = LoggerFactory.getLogger(CloudFrontInvalidator.class);

    private final CloudFrontClient cloudFront;
    private final PageInfrastructure infrastructure;
    private final int wildcardFrom;

    public CloudFrontInvalidator(CloudFrontClient cloudFront, CharterSyncProperties properties, PageInfrastructure infrastructure) {
        this.cloudFront = cloudFront;
        this.infrastructure = infrastructure;
        this.wildcardFrom = properties.pages().wildcardFrom();
    }

    /** Answers the invalidation's id, or null when no page was uploaded (route variable {@code invalidationId}). */
    public String invalidate(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle,
                             @Variable("publishedPages") List<PublishedPage> pages) {
        List<String> paths = InvalidationBatcher.paths(pages == null ? List.of() : pages.stream().map(PublishedPage::path).toList(),
                wildcardFrom);
        if (paths.isEmpty()) {
            return null;
        }
        // The cycle id as caller reference makes a retried request the same invalidation, not a second one.
        String distributionId = infrastructure.distributionId();
        CreateInvalidationResponse response = cloudFront.createInvalidation(b -> b.distributionId(distributionId)
                .invalidationBatch(batch -> batch.callerReference("charter-sync-" + cycle.id())
                        .paths(p -> p.quantity(paths.size()).items(paths))));
        cycle.invalidated(response.invalidation().id(), paths.size());
        LOG.info("Invalidation {} for {} path(s) on {}", response.invalidation().id(), paths.size(), distributionId);
        return response.invalidation().id();
    }
}
