package com.jada.chartersync.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Every knob of the runtime under {@code charter.*}; documented in application.yaml. */
@ConfigurationProperties("charter")
public record CharterSyncProperties(Calendar calendar, Aws aws, Tables tables, Pages pages, Sync sync, Waiver waiver) {

    public record Waiver(String function) {
    }

    /**
     * The calendar and how it is read: {@code source} {@code api} (Google Calendar API, OAuth or a service account)
     * or {@code ical} (the calendar's secret iCal address, {@code icalUrl}: read-only, never logged).
     */
    public record Calendar(String id, ZoneId timeZone, String rootUrl, String applicationName,
                           Instant windowStart, Instant windowEnd, Duration lookBack, Duration lookAhead,
                           int pageSize, String source, String icalUrl, Push push) {

        public Calendar {
            source = source == null || source.isBlank() ? "api" : source.strip();
            push = push == null ? new Push(false, null, null, null, null, null, null) : push;
        }

        public boolean ical() {
            return "ical".equals(source);
        }
    }

    /**
     * Google push notifications ({@code events.watch}) for the API source: the channel's webhook is
     * {@code publicBaseUrl + path}; it lives {@code ttl}, is renewed {@code renewBefore} its expiry;
     * notifications within {@code debounce} make one cycle; while a channel is open the poll timer only runs a
     * cycle when none ran for {@code fallbackPollInterval}.
     */
    public record Push(boolean enabled, String publicBaseUrl, String path, Duration ttl, Duration renewBefore,
                       Duration debounce, Duration fallbackPollInterval) {

        public Push {
            path = path == null || path.isBlank() ? "/api/calendar/notifications" : path;
            ttl = ttl == null ? Duration.ofDays(7) : ttl;
            renewBefore = renewBefore == null ? Duration.ofHours(1) : renewBefore;
            debounce = debounce == null ? Duration.ofMillis(300) : debounce;
            fallbackPollInterval = fallbackPollInterval == null ? Duration.ofMinutes(15) : fallbackPollInterval;
        }
    }

    /**
     * AWS access. {@code endpoint} overrides every service at once (LocalStack on :4566); the per-service
     * endpoints win over it. With no access key the SDK's default credential chain is used.
     */
    public record Aws(String region, URI endpoint, URI dynamodbEndpoint, URI s3Endpoint, URI cloudfrontEndpoint,
                      URI lambdaEndpoint, boolean pathStyle, boolean createTables, String accessKey, String secretKey) {

        public URI endpointFor(URI specific) {
            return specific != null ? specific : endpoint;
        }
    }

    public record Tables(String events, String links, String deadLetters, String waivers, String syncState,
                         String idempotency) {
    }

    public record Pages(String bucket, String edgeUrl, String waiverFormUrl, String distributionId, int wildcardFrom) {
    }

    /** {@code processedRetention}: how long a processed calendar version is remembered (its key's TTL). */
    public record Sync(Duration pollInterval, Duration verifyTimeout, int fullResyncEvery, Duration processedRetention) {

        public Sync {
            processedRetention = processedRetention == null ? Duration.ofDays(90) : processedRetention;
        }
    }
}
