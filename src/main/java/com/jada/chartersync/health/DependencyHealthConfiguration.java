package com.jada.chartersync.health;

import com.jada.chartersync.calendar.CalendarAccess;
import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.calendar.CalendarEvents;
import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.calendar.CalendarPushChannel;
import com.jada.chartersync.calendar.CalendarSource;
import org.springframework.beans.factory.ObjectProvider;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.edge.PageInfrastructure;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;

/**
 * One health indicator per service the sync depends on, in {@code /actuator/health}; DynamoDB, S3 and CloudFront
 * per resource (a missing table stays DOWN, named, while another table answers). They are kept out of the
 * liveness and readiness groups on purpose (application.yaml names readiness's members): a downstream outage does not make this runtime unhealthy (it
 * retries and dead-letters), it makes the dependency red, which is what an operator needs to see.
 * Each answer is cached briefly so probes do not turn into load on the services.
 */
@Configuration(proxyBeanMethods = false)
public class DependencyHealthConfiguration {

    private static final Duration CACHE = Duration.ofSeconds(20);
    /**
     * The waiver function failing: its checks wait in dead letters and are redriven, pages are still published, so
     * the overall status (and so the anonymous {@code /actuator/health}) is not DOWN for it; application.yaml
     * orders DEGRADED below DOWN and answers it with 200.
     */
    static final Status DEGRADED = new Status("DEGRADED", "the waiver function is failing: waiver checks wait and are tried again");

    /**
     * The calendar: DOWN at once, with what to do, when Google refused the runtime's credentials anywhere (a poll,
     * the board, this probe); otherwise a small list call.
     */
    @Bean
    public HealthIndicator calendarHealth(CalendarSource calendar, ObjectProvider<CalendarPushChannel> push,
                                          CalendarAccess access, CallCounter calls) {
        // a refused authorization is told with what to do (below), not as the failing calls it causes
        HealthIndicator probe = new CachedHealthIndicator(CACHE,
                () -> access.problem() != null ? java.util.List.of() : calls.failingResources("calendar"), access::generation, () -> {
            try {
                calendar.probe();
            } catch (RuntimeException e) {
                CalendarAuthorizationException refused = CalendarAuthorizationException.in(e);
                if (refused == null) {
                    throw e;
                }
            }
            CalendarAuthorizationException refused = access.problem();
            if (refused != null) {
                return Health.down().withDetail("source", calendar.describe())
                        .withDetail("reason", refused.getMessage()).withDetail("since", String.valueOf(access.since())).build();
            }
            Health.Builder health = Health.up().withDetail("source", calendar.describe());
            CalendarPushChannel channel = push.getIfAvailable();
            if (channel != null) {
                health.withDetail("push", channel.describe());
            }
            return health.build();
        });
        return probe;
    }

    @Bean
    public HealthIndicator dynamodbHealth(DynamoDbClient dynamo, CharterSyncProperties properties, CallCounter calls) {
        return new CachedHealthIndicator(CACHE, () -> calls.failingResources("dynamodb"), () -> {
            String status = dynamo.describeTable(b -> b.tableName(properties.tables().events())).table().tableStatusAsString();
            return Health.up().withDetail("table", properties.tables().events()).withDetail("status", status).build();
        });
    }

    @Bean
    public HealthIndicator s3Health(S3Client s3, CharterSyncProperties properties, CallCounter calls) {
        return new CachedHealthIndicator(CACHE, () -> calls.failingResources("s3"), () -> {
            s3.headBucket(b -> b.bucket(properties.pages().bucket()));
            return Health.up().withDetail("bucket", properties.pages().bucket()).build();
        });
    }

    @Bean
    public HealthIndicator lambdaHealth(LambdaClient lambda, CharterSyncProperties properties, CallCounter calls) {
        return new CachedHealthIndicator(CACHE, () -> calls.failingResources("lambda"), () -> {
            String state = lambda.getFunctionConfiguration(b -> b.functionName(properties.waiver().function())).stateAsString();
            return Health.status("Active".equals(state) ? "UP" : "DOWN")
                    .withDetail("function", properties.waiver().function()).withDetail("state", String.valueOf(state)).build();
        }).failingAs(DEGRADED);
    }

    @Bean
    public HealthIndicator cloudfrontHealth(CloudFrontClient cloudFront, PageInfrastructure pages, CallCounter calls) {
        return new CachedHealthIndicator(CACHE, () -> calls.failingResources("cloudfront"), () -> {
            cloudFront.listInvalidations(b -> b.distributionId(pages.distributionId()).maxItems("1"));
            return Health.up().withDetail("distributionId", pages.distributionId()).build();
        });
    }
}
