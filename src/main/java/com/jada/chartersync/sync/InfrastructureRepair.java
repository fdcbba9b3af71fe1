package com.jada.chartersync.sync;

import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.edge.PageInfrastructure;
import com.jada.chartersync.record.TableInitializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/**
 * Before every cycle ({@link SyncCycles}): what a call found gone since (a table, the page bucket, the distribution) is made
 * again where the runtime may create resources ({@code charter.aws.create-tables}: the local cloud, an emulator),
 * so the cycle, the redrive and the audit carry on without a restart. Where it may not (real AWS) nothing is
 * made: health keeps naming the resource and the cycles' own calls keep trying until it is back. In the steady
 * state (nothing found gone) it makes no call at all.
 */
@Component
public class InfrastructureRepair {

    private static final Logger LOG = LoggerFactory.getLogger(InfrastructureRepair.class);

    private final CallCounter calls;
    private final DynamoDbClient dynamo;
    private final CharterSyncProperties properties;
    private final PageInfrastructure pages;

    public InfrastructureRepair(CallCounter calls, DynamoDbClient dynamo, CharterSyncProperties properties,
                                PageInfrastructure pages) {
        this.calls = calls;
        this.dynamo = dynamo;
        this.properties = properties;
        this.pages = pages;
    }

    /**
     * Before each cycle: makes again what was found gone, where allowed, and answers whether a resource found gone
     * before is there again (made now, or back by other hands): then the cycle reconciles the whole window.
     */
    public synchronized boolean repairLost() {
        List<String> before = remembered;
        List<String> repaired = repair();
        List<String> stillLost = lostKeys();
        remembered = stillLost;
        return !repaired.isEmpty() || before.stream().anyMatch(k -> !stillLost.contains(k));
    }

    private volatile List<String> remembered = List.of();

    private List<String> lostKeys() {
        List<String> keys = new java.util.ArrayList<>();
        for (String service : List.of("dynamodb", "s3", "cloudfront")) {
            calls.lost(service).forEach(f -> keys.add(service + ":" + f.resource()));
        }
        return keys;
    }

    /** Makes again what was found gone, where allowed; answers the resources made (none in the steady state). */
    public List<String> repair() {
        List<CallCounter.Failing> tables = calls.lost("dynamodb");
        List<CallCounter.Failing> bucket = calls.lost("s3");
        List<CallCounter.Failing> distribution = calls.lost("cloudfront");
        if (tables.isEmpty() && bucket.isEmpty() && distribution.isEmpty()) {
            return List.of();
        }
        List<String> repaired = new java.util.ArrayList<>();
        try {
            if (!tables.isEmpty() && properties.aws().createTables()) {
                LOG.warn("DynamoDB tables found gone ({}): creating what is missing", names(tables));
                TableInitializer.ensureAll(dynamo, properties.tables());
                tables.forEach(t -> calls.succeeded("dynamodb", t.resource()));
                repaired.addAll(names(tables));
            }
            // a table gone may be the whole emulator restarted empty: the bucket is looked at too (one HeadBucket)
            if (pages.mayCreateBucket() && (!bucket.isEmpty() || !tables.isEmpty())) {
                if (pages.ensureBucketExists()) {
                    LOG.warn("Page bucket {} found gone: created again", pages.bucket());
                    repaired.add(pages.bucket());
                }
                bucket.forEach(b -> calls.succeeded("s3", b.resource()));
            }
            if (!distribution.isEmpty() && pages.repairDistribution()) {
                LOG.warn("Distribution {} found gone: now {}", names(distribution), pages.distributionId());
                distribution.forEach(d -> calls.succeeded("cloudfront", d.resource()));
                repaired.add(pages.distributionId());
            }
        } catch (SdkException e) {
            // the service itself is away: health says so, the next cycle tries again
            LOG.warn("Could not make again what was found gone: {}", e.getMessage());
        }
        if (repaired.isEmpty()) {
            LOG.warn("Still gone: {} (made again by the runtime only where charter.aws.create-tables is true)", lostKeys());
        }
        return repaired;
    }

    private static List<String> names(List<CallCounter.Failing> failing) {
        return failing.stream().map(f -> String.valueOf(f.resource())).toList();
    }
}
