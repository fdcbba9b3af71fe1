package com.jada.chartersync.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Every knob of the runtime under {@code charter.*}; documented in application.yaml. */
@ConfigurationProperties("charter")
public record CharterSyncProperties(Calendar calendar, Aws aws, Tables tables, Pages pages, Sync sync, Waiver waiver,
                                    Board board, ClockSettings clock) {

    public CharterSyncProperties {
        board = board == null ? new Board(null, null) : board;
        clock = clock == null ? new ClockSettings(null) : clock;
    }

    /**
     * {@code waiverUrgentWithin}: how long before a charter sails its unsigned waivers turn the board's badge red.
     * {@code pageCharters}: a page of the board ends with the day on which it holds this many charters.
     */
    public record Board(Duration waiverUrgentWithin, Integer pageCharters) {

        public Board {
            waiverUrgentWithin = waiverUrgentWithin == null ? Duration.ofHours(24) : waiverUrgentWithin;
            pageCharters = pageCharters == null || pageCharters < 1 ? 200 : pageCharters;
        }
    }

    /**
     * {@code fixed}: the instant the board and the manifest take for "now" (demos, tests: the sample charters are
     * in the past); blank for the real clock. An ISO instant or date-time with offset, e.g. 2026-05-30T20:00-07:00.
     */
    public record ClockSettings(String fixed) {

        public boolean isFixed() {
            return fixed != null && !fixed.isBlank();
        }
    }

    public record Waiver(String function) {
    }

    /**
     * The calendar and how to reach it. {@code source}: {@code api} (Google Calendar API) or {@code ical} (the
     * calendar's secret iCal address, {@code icalUrl}: read-only, never logged). {@code auth}: {@code oauth} or
     * {@code service-account}; {@code tokenUrl}: Google's OAuth token endpoint (refresh and JWT-bearer grants);
     * {@code authUrl}: its consent page, for {@code --authorize}. {@code connectTimeout}, {@code readTimeout}: per
     * request to the calendar API (default 10 s, 30 s).
     */
    public record Calendar(String id, ZoneId timeZone, String rootUrl,
                           Instant windowStart, Instant windowEnd, Duration lookBack, Duration lookAhead,
                           int pageSize, Duration connectTimeout, Duration readTimeout, String auth, URI tokenUrl,
                           URI authUrl, String source, String icalUrl, Push push) {

        public Calendar {
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
            auth = auth == null || auth.isBlank() ? "oauth" : auth.strip();
            tokenUrl = tokenUrl == null ? URI.create("https://oauth2.googleapis.com/token") : tokenUrl;
            authUrl = authUrl == null ? URI.create("https://accounts.google.com/o/oauth2/v2/auth") : authUrl;
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
     * {@code connectTimeout} and {@code socketTimeout} bound each HTTP attempt of every AWS client (default 5 s, 30 s).
     */
    public record Aws(String region, URI endpoint, URI dynamodbEndpoint, URI s3Endpoint, URI cloudfrontEndpoint,
                      URI lambdaEndpoint, boolean pathStyle, boolean createTables, String accessKey, String secretKey,
                      Duration connectTimeout, Duration socketTimeout) {

        public Aws {
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            socketTimeout = socketTimeout == null ? Duration.ofSeconds(30) : socketTimeout;
        }

        public URI endpointFor(URI specific) {
            return specific != null ? specific : endpoint;
        }
    }

    /** The tables; {@code leases} holds the leader election's lease (who polls among the replicas). */
    public record Tables(String events, String links, String deadLetters, String waivers, String syncState,
                         String idempotency, String leases) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Tables {
            leases = leases == null || leases.isBlank() ? "jada-leader-leases" : leases;
        }

        public Tables(String events, String links, String deadLetters, String waivers, String syncState,
                      String idempotency) {
            this(events, links, deadLetters, waivers, syncState, idempotency, null);
        }
    }

    public record Pages(String bucket, String edgeUrl, String waiverFormUrl, String distributionId, int wildcardFrom) {
    }

    /**
     * {@code processedRetention}: how long a processed calendar version is remembered (its key's TTL).
     * {@code retryUntilDeadLetters}, {@code retryBudget}: a cycle stops retrying failing steps once it has
     * dead-lettered that many events or run that long.
     */
    /**
     * {@code concurrency}: how many of a cycle's events are worked on at once (each event's own steps stay in
     * order); 1 processes them one after another.
     */
    public record Sync(Duration pollInterval, Duration verifyTimeout, int fullResyncEvery, Duration processedRetention,
                       int maxRedeliveries, int retryUntilDeadLetters, Duration retryBudget, Integer concurrency) {

        public Sync {
            concurrency = concurrency == null || concurrency < 1 ? 16 : concurrency;
            processedRetention = processedRetention == null ? Duration.ofDays(90) : processedRetention;
            retryUntilDeadLetters = retryUntilDeadLetters <= 0 ? 3 : retryUntilDeadLetters;
            retryBudget = retryBudget == null ? Duration.ofMinutes(2) : retryBudget;
        }
    }
}
