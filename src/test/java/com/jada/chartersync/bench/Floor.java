package com.jada.chartersync.bench;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import com.jada.chartersync.charter.Slugs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The least work a first cycle can do, with the plain AWS SDK v2 and Google Calendar clients, no Camel and no
 * template engine, sequentially like the pipeline's split, against the same stand-ins as the runtime
 * (table {@code bench-floor-records}, keys under {@code bench-floor/}):
 * <ol>
 *   <li>list the window (every page, recurring events expanded): one calendar call per 250 events;</li>
 *   <li>per event: one DynamoDB PutItem of its record (own table {@code bench-floor-records}) and one S3
 *       PutObject of its page (a pre-built page of the real page's size; own table and keys);</li>
 *   <li>one CloudFront invalidation (one wildcard path over its own keys);</li>
 *   <li>per event: the verification the pipeline does: a GET through the edge compared by SHA-256, and one
 *       Lambda invoke of the waiver function's {@code verify} for the event's record id.</li>
 * </ol>
 * Not included (the pipeline does them, the floor does not): the calendar-to-record identity link, the shared
 * idempotency key, reading what is stored before writing, recording the verified status, the cursor.
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
final class Floor {

    private static final String BUCKET = "jada-guest-pages";

    record Timing(int events, double millis, Map<String, Long> calls) {
    }

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final Map<String, Integer> ports;
    private final HttpClient http;
    private final Map<String, Long> calls = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final String name;
    private final String table;
    private final String prefix;
    private final int limit;
    private final int concurrency;

    /**
     * @param name  its own table ({@code <name>-records}) and keys ({@code <name>/...}): the runtime's data stays untouched
     * @param limit at most this many events of the window (a warm-up does a part)
     */
    Floor(Map<String, Integer> ports, HttpClient http, String name, int limit) {
        this(ports, http, name, limit, 1);
    }

    /**
     * @param concurrency events worked on at once (1: one after the other, like a sequential split); the steps keep
     *                    their order: every record and page, then the one invalidation, then every verification
     */
    Floor(Map<String, Integer> ports, HttpClient http, String name, int limit, int concurrency) {
        this.ports = ports;
        this.http = http;
        this.name = name;
        this.table = name + "-records";
        this.prefix = name + "/";
        this.limit = limit;
        this.concurrency = Math.max(1, concurrency);
    }

    /** Runs {@code work} for every element, {@link #concurrency} at a time (in order when 1); the first failure is thrown. */
    private <T, R> List<R> each(List<T> items, java.util.concurrent.ExecutorService pool, Step<T, R> work) throws Exception {
        List<R> out = new ArrayList<>();
        if (pool == null) {
            for (T item : items) {
                out.add(work.apply(item));
            }
            return out;
        }
        List<java.util.concurrent.Future<R>> futures = new ArrayList<>();
        for (T item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        for (java.util.concurrent.Future<R> f : futures) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof Exception c ? c : e;
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface Step<T, R> {
        R apply(T item) throws Exception;
    }

    Timing run() throws Exception {
        try (DynamoDbClient dynamo = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                     .endpointOverride(endpoint("dynamodb")).httpClientBuilder(pool()).build();
             S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).forcePathStyle(true)
                     .endpointOverride(endpoint("s3")).httpClientBuilder(pool()).build();
             CloudFrontClient cloudFront = CloudFrontClient.builder().region(Region.AWS_GLOBAL).credentialsProvider(CREDENTIALS)
                     .endpointOverride(endpoint("cloudfront")).httpClientBuilder(ApacheHttpClient.builder()).build();
             LambdaClient lambda = LambdaClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                     .endpointOverride(endpoint("lambda")).httpClientBuilder(pool()).build();
             Workers workers = new Workers(concurrency)) {
            // the same credentials as the runtime: the local cloud's OAuth client and refresh token, at its token endpoint
            com.google.auth.http.HttpCredentialsAdapter auth = new com.google.auth.http.HttpCredentialsAdapter(
                    com.google.auth.oauth2.UserCredentials.newBuilder()
                            .setClientId(com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_ID)
                            .setClientSecret(com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_SECRET)
                            .setRefreshToken(com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_REFRESH_TOKEN)
                            .setTokenServerUri(URI.create("http://127.0.0.1:" + ports.get("calendar") + "/token")).build());
            Calendar calendar = new Calendar.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(), auth)
                    .setRootUrl("http://127.0.0.1:" + ports.get("calendar") + "/").setApplicationName("bench-floor").build();

            // Untimed set-up: the table, warm connections, and the page size the pipeline really produces.
            dynamo.createTable(b -> b.tableName(table)
                    .keySchema(KeySchemaElement.builder().attributeName("eventId").keyType(KeyType.HASH).build())
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("eventId")
                            .attributeType(ScalarAttributeType.S).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            String page = prebuiltPage();

            long t = System.nanoTime();
            List<Event> events = new ArrayList<>();
            String pageToken = null;
            do {
                Events result = calendar.events().list("jada-internal").setSingleEvents(true).setMaxResults(250)
                        .setTimeMin(new DateTime("2026-05-28T00:00:00Z")).setTimeMax(new DateTime("2026-06-16T23:59:59Z"))
                        .setPageToken(pageToken).execute();
                count("calendar");
                if (result.getItems() != null) {
                    events.addAll(result.getItems());
                }
                pageToken = result.getNextPageToken();
            } while (pageToken != null);

            List<String[]> published = each(events.subList(0, Math.min(limit, events.size())), workers.pool, e -> {
                String id = recordId(e);
                String date = id.substring(id.length() - 10);
                Map<String, AttributeValue> item = new HashMap<>();
                item.put("eventId", AttributeValue.fromS(id));
                item.put("calendarEventId", AttributeValue.fromS(e.getId()));
                item.put("calendarEtag", AttributeValue.fromS(e.getEtag()));
                item.put("eventDate", AttributeValue.fromS(date));
                item.put("description", AttributeValue.fromS(e.getDescription() == null ? "" : e.getDescription()));
                dynamo.putItem(b -> b.tableName(table).item(item));
                count("dynamodb");
                byte[] html = page.replace("__ID__", id).getBytes(StandardCharsets.UTF_8);
                String key = prefix + date + "/" + id + "-guest.html";
                s3.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/html; charset=utf-8").cacheControl("no-cache"),
                        RequestBody.fromBytes(html));
                count("s3");
                return new String[]{id, key, sha256(html)};
            });
            cloudFront.createInvalidation(b -> b.distributionId("E2XYZABC1234D").invalidationBatch(batch -> batch
                    .callerReference(name + "-" + Instant.now().toEpochMilli())
                    .paths(p -> p.quantity(1).items("/" + prefix + "*"))));
            count("cloudfront");
            each(published, workers.pool, p -> {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(edge(p[1]))).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                count("edge");
                if (r.statusCode() != 200 || !sha256(r.body()).equals(p[2])) {
                    throw new IllegalStateException("floor: edge does not serve " + p[1] + " (" + r.statusCode() + ")");
                }
                InvokeResponse answer = lambda.invoke(b -> b.functionName("jada-waiver")
                        .payload(SdkBytes.fromUtf8String("{\"action\":\"verify\",\"eventId\":\"" + p[0] + "\"}")));
                count("lambda");
                if (answer.functionError() != null) {
                    throw new IllegalStateException("floor: waiver verify failed for " + p[0]);
                }
                return p;
            });
            return new Timing(published.size(), (System.nanoTime() - t) / 1e6, calls);
        }
    }

    /**
     * Deletes the runtime's pages from the bucket (every key outside {@code keep}), so that the floor starts from
     * the same bucket size the pipeline's first cycle started from: S3Mock reads and rewrites a metadata file
     * listing every key of the bucket on each request, so a request costs more the more objects the bucket holds.
     */
    static int clearBucket(Map<String, Integer> ports, String keep) {
        try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).forcePathStyle(true)
                .endpointOverride(URI.create("http://127.0.0.1:" + ports.get("s3")))
                .httpClientBuilder(ApacheHttpClient.builder()).build()) {
            List<ObjectIdentifier> keys = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().forEach(o -> {
                if (!o.key().startsWith(keep)) {
                    keys.add(ObjectIdentifier.builder().key(o.key()).build());
                }
            });
            for (int from = 0; from < keys.size(); from += 1000) {
                List<ObjectIdentifier> batch = keys.subList(from, Math.min(keys.size(), from + 1000));
                s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(batch).quiet(true)));
            }
            return keys.size();
        }
    }

    /** The record id the pipeline gives an event of this shape: guest slug, weekday, date. */
    private static String recordId(Event e) {
        String summary = e.getSummary() == null ? "" : e.getSummary();
        String guest = summary.contains("–") ? summary.substring(0, summary.indexOf('–')).strip() : summary;
        DateTime start = e.getStart().getDateTime() != null ? e.getStart().getDateTime() : e.getStart().getDate();
        LocalDate date = Instant.ofEpochMilli(start.getValue()).atZone(ZoneId.of("America/Los_Angeles")).toLocalDate();
        return Slugs.slug(guest) + "-" + date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
                .toLowerCase(Locale.ROOT) + "-" + date;
    }

    /** One real guest page as the runtime published it, with a marker where the floor puts the event's id. */
    private String prebuiltPage() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(edge("2026-06-14/danika-guest.html"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String real = r.statusCode() == 200 ? r.body() : "<!doctype html><html><body>" + "x".repeat(4000) + "</body></html>";
        return real.replaceFirst("<title>", "<title>__ID__ ");
    }

    private String edge(String key) {
        return "http://127.0.0.1:" + ports.get("edge") + "/" + key;
    }

    /** The AWS clients' connection pools: at least one connection per worker (the SDK's default is 50). */
    private ApacheHttpClient.Builder pool() {
        return ApacheHttpClient.builder().maxConnections(Math.max(50, concurrency + 4));
    }

    /** The floor's workers: none (the caller's thread, in order) at concurrency 1. */
    private static final class Workers implements AutoCloseable {
        final java.util.concurrent.ExecutorService pool;

        Workers(int concurrency) {
            pool = concurrency <= 1 ? null : java.util.concurrent.Executors.newFixedThreadPool(concurrency, r -> {
                Thread t = new Thread(r, "bench-floor-worker");
                t.setDaemon(true);
                return t;
            });
        }

        @Override
        public void close() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private void count(String service) {
        calls.merge(service, 1L, Long::sum);
    }

    private URI endpoint(String service) {
        return URI.create("http://127.0.0.1:" + ports.get(service));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
