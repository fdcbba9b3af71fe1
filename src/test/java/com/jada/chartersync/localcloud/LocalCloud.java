package com.jada.chartersync.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jada.chartersync.localcloud.calendar.CalendarSandbox;
import com.jada.chartersync.localcloud.calendar.OAuthServer;
import com.jada.chartersync.localcloud.cloudfront.CloudFrontStandIn;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.localcloud.dynamodb.DynaliteProcess;
import com.jada.chartersync.record.TableDefinitions;
import com.jada.chartersync.record.TableInitializer;
import com.jada.chartersync.localcloud.lambda.LambdaStandIn;
import com.jada.chartersync.localcloud.latency.Latency;
import com.jada.chartersync.localcloud.latency.LatencyRelay;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.waiver.WaiverHandler;
import com.jada.chartersync.waiver.WaiverService;
import com.jada.chartersync.localcloud.s3.S3MockStandIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.retries.api.BackoffStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts every stand-in of the embedded default on its local address and seeds the sample on first start:
 * the calendar with the operator's real weekend and DynamoDB with the two records made by hand before this
 * runtime existed. State lives under {@code charter.local.data-dir}; {@code reset-on-start} begins anew.
 */
public final class LocalCloud implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);

    private final LocalCloudProperties props;
    private final CharterSyncProperties.Tables tables;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, Long> startMillis = new java.util.LinkedHashMap<>();
    private CalendarSandbox calendar;
    private OAuthServer oauth;
    private S3MockStandIn s3;
    private LambdaStandIn lambda;
    private DynaliteProcess dynamo;
    private final Latency latency;
    private final Map<String, LatencyRelay> relays = new java.util.concurrent.ConcurrentHashMap<>();
    private int s3UpstreamPort;

    public LocalCloud(LocalCloudProperties props, CharterSyncProperties.Tables tables) {
        this.props = props;
        this.tables = tables;
        this.latency = new Latency(props.latency(), props.latencyJitter());
    }

    /**
     * Whether {@code service} (dynamodb or s3, the implementations that are not ours) gets a delaying relay on its
     * public port: only when it has a delay or the relays are asked for ({@code latency-relays}); otherwise the
     * service itself listens there, as always.
     */
    static boolean relayed(LocalCloudProperties props, String service) {
        Duration d = props.latency().get(service);
        return props.latencyRelays() || (d != null && !d.isZero() && !d.isNegative());
    }

    /** The delays in force; changing them takes effect at the next call (relays must exist for dynamodb and s3). */
    public Latency latency() {
        return latency;
    }

    /** The delaying relays in front of dynalite and S3Mock, by service (none unless latency asked for them). */
    public Map<String, LatencyRelay> relays() {
        return Map.copyOf(relays);
    }

    public LocalCloud start() throws IOException {
        try {
            return startAll();
        } catch (IOException | RuntimeException e) {
            // e.g. a port in use: stop what did start (S3Mock's own context would otherwise keep the JVM alive,
            // unhealthy, after the application failed to start)
            close();
            throw e;
        }
    }

    @SuppressWarnings("deprecation") // ApacheHttpClient, as the runtime's clients (AwsClientsConfiguration)
    private LocalCloud startAll() throws IOException {
        Path data = props.dataDir().toAbsolutePath();
        if (props.resetOnStart() && Files.exists(data)) {
            LOG.info("Starting from a clean sample: removing {}", data);
            FileSystemUtils.deleteRecursively(data);
        }
        Files.createDirectories(data);
        String host = props.host();

        long t = System.nanoTime();
        // with latency, dynalite listens on a port of its own and a delaying relay on the public one
        boolean dynamoRelayed = relayed(props, "dynamodb");
        dynamo = DynaliteProcess.start(props.dynaliteHome(), host,
                dynamoRelayed ? SandboxPorts.freePort() : props.dynamodbPort(), data.resolve("dynamodb"));
        started.add(dynamo);
        if (dynamoRelayed) {
            LatencyRelay relay = LatencyRelay.start("dynamodb", latency, props.dynamodbPort(), dynamo.port());
            relays.put("dynamodb", relay);
            started.add(relay);
        }
        // One client of the local cloud's own: it creates and seeds the tables and is the waiver function's DynamoDB
        // (straight to dynalite: the waiver function's reads are inside the Lambda delay).
        DynamoDbClient standInDynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://" + host + ":" + dynamo.port())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(ApacheHttpClient.create()).build();
        started.add(standInDynamo);
        // before the tables are ensured: dynalite would only acknowledge the index UpdateTable asks for
        boolean waiversRebuilt = rebuildTablesMissingIndexes(standInDynamo, tables);
        seedRecords(standInDynamo);
        startMillis.put("dynamodb", elapsed(t));

        t = System.nanoTime();
        s3UpstreamPort = relayed(props, "s3") ? SandboxPorts.freePort() : props.s3Port();
        startS3();
        startMillis.put("s3", elapsed(t));

        t = System.nanoTime();
        startCalendar();
        if (calendar.isEmpty()) {
            seedCalendar(calendar);
        }
        startMillis.put("calendar", elapsed(t));

        t = System.nanoTime();
        CloudFrontStandIn cloudFront = new CloudFrontStandIn(props.distributionId(),
                URI.create("http://" + host + ":" + s3UpstreamPort + "/" + props.bucket()), props.edgeTtl(),
                data.resolve("cloudfront")).latency(latency).start(host, props.cloudfrontPort(), props.edgePort());
        started.add(cloudFront);
        startMillis.put("cloudfront+edge", elapsed(t));

        t = System.nanoTime();
        WaiverService waivers = new WaiverService(standInDynamo, tables.events(), tables.waivers());
        if (waiversRebuilt) {
            LOG.info("Waivers dated for the manifest: {}", waivers.dateWaivers());
        }
        lambda = new LambdaStandIn(props.waiverFunction(), "/waiver", new WaiverHandler(waivers))
                .latency(latency).start(host, props.lambdaPort());
        started.add(lambda);
        startMillis.put("lambda", elapsed(t));

        LOG.info("Local stand-ins up (start ms {}): DynamoDB :{}, S3 :{}, Calendar :{}, CloudFront :{}, edge :{}, Lambda :{}; state in {}",
                startMillis, props.dynamodbPort(), props.s3Port(), props.calendarPort(), props.cloudfrontPort(),
                props.edgePort(), props.lambdaPort(), data);
        if (!relays.isEmpty() || !latency.delays().isEmpty()) {
            LOG.info("Local latency {}; relays in front of {}", latency, relays.keySet());
        }
        return this;
    }

    /** The pid of dynalite, the DynamoDB child process. */
    public long dynamoDbPid() {
        return dynamo.pid();
    }

    public LambdaStandIn lambda() {
        return lambda;
    }

    public CalendarSandbox calendar() {
        return calendar;
    }

    /** The calendar sandbox's OAuth server (token endpoint, consent, the revoke switch). */
    public OAuthServer oauth() {
        return oauth;
    }

    /** Operator/test hook: take the calendar away (as a Google outage would) and bring it back with its events. */
    public synchronized void stopCalendar() {
        if (calendar != null) {
            calendar.close();
            calendar = null;
        }
    }

    public synchronized void startCalendar() throws IOException {
        if (calendar == null) {
            Path dir = props.dataDir().toAbsolutePath().resolve("calendar");
            if (oauth == null) {
                // one OAuth server for the life of the local cloud: a calendar outage does not forget its tokens
                oauth = new OAuthServer(dir.resolve("oauth.json"), props.accessTokenTtl())
                        .client(props.oauthClientId(), props.oauthClientSecret())
                        .seedRefreshToken(props.refreshToken(), props.oauthClientId());
            }
            calendar = new CalendarSandbox(dir, props.calendarId(), props.timeZone(), oauth).icalToken(props.calendarIcalToken())
                    .latency(latency).start(props.host(), props.calendarPort());
        }
    }

    /** Operator/test hook: take S3 away (as an outage would) and bring it back with the same data. */
    public synchronized void stopS3() {
        LatencyRelay relay = relays.remove("s3");
        if (relay != null) {
            relay.close();  // refused connections, as from S3 itself
        }
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    public synchronized void startS3() {
        if (s3 == null) {
            S3MockStandIn.repairAfterCrash(props.dataDir().toAbsolutePath().resolve("s3"));
            int port = s3UpstreamPort == 0 ? props.s3Port() : s3UpstreamPort;
            s3 = new S3MockStandIn().start(port, props.dataDir().toAbsolutePath().resolve("s3"),
                    List.of(props.bucket()));
            if (port != props.s3Port()) {
                try {
                    relays.put("s3", LatencyRelay.start("s3", latency, props.s3Port(), port));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }


    @Override
    public void close() {
        stopS3();
        relays.values().forEach(LatencyRelay::close);
        stopCalendar();
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("Stand-in did not stop cleanly", e);
            }
        }
    }

    static void seedCalendar(CalendarSandbox sandbox) throws IOException {
        JsonNode events = read("localcloud/sample-calendar.json");
        for (JsonNode e : events) {
            sandbox.insert((ObjectNode) e);
        }
        LOG.info("Seeded the calendar sandbox with {} sample events", events.size());
    }

    /**
     * Every table as the runtime defines them, then, on first start only, the seed's hand-made records, exactly in
     * the shape the operator wrote them with the AWS CLI.
     */
    private void seedRecords(DynamoDbClient client) throws IOException {
        boolean firstStart;
        try {
            client.describeTable(b -> b.tableName(tables.events()));
            firstStart = false;
        } catch (ResourceNotFoundException absent) {
            firstStart = true;
        }
        TableInitializer.ensureAll(client, tables);
        if (!firstStart) {
            return;
        }
        LOG.info("Seeding DynamoDB with the hand-made records");
        for (JsonNode item : read("localcloud/hand-made-records.json")) {
            client.putItem(b -> b.tableName(tables.events()).item(attributes(item)));
        }
    }

    /**
     * A data directory from before a table got one of its indexes: DynamoDB adds the index with UpdateTable, but
     * dynalite accepts that request without building the index. Such a table is made again from its definition,
     * items kept. Answers whether the waivers table was among them (its waivers then need their charter's date).
     */
    public static boolean rebuildTablesMissingIndexes(DynamoDbClient client, CharterSyncProperties.Tables tables) {
        boolean waivers = false;
        for (TableDefinitions.Table table : TableDefinitions.all(tables)) {
            TableDescription existing;
            try {
                existing = client.describeTable(b -> b.tableName(table.name())).table();
            } catch (ResourceNotFoundException absent) {
                continue;
            }
            List<TableDefinitions.Index> missing = TableInitializer.missingIndexes(table, existing);
            if (missing.isEmpty()) {
                continue;
            }
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            client.scanPaginator(b -> b.tableName(table.name())).items().forEach(items::add);
            LOG.info("Rebuilding {} with its missing indexes {} ({} items kept)", table.name(), missing, items.size());
            try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(client).overrideConfiguration(o -> o
                    .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(Duration.ofMillis(100)))
                    .waitTimeout(Duration.ofMinutes(1))).build()) {
                client.deleteTable(b -> b.tableName(table.name()));
                waiter.waitUntilTableNotExists(b -> b.tableName(table.name()));
                client.createTable(table.createRequest());
                waiter.waitUntilTableExists(b -> b.tableName(table.name()));
            }
            items.forEach(item -> client.putItem(b -> b.tableName(table.name()).item(item)));
            waivers |= table.name().equals(tables.waivers());
        }
        return waivers;
    }

    private static Map<String, AttributeValue> attributes(JsonNode item) {
        Map<String, AttributeValue> out = new HashMap<>();
        item.properties().forEach(f -> out.put(f.getKey(), attribute(f.getValue())));
        return out;
    }

    private static AttributeValue attribute(JsonNode v) {
        if (v.has("S")) {
            return AttributeValue.fromS(v.get("S").asText());
        }
        if (v.has("N")) {
            return AttributeValue.fromN(v.get("N").asText());
        }
        if (v.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            v.get("L").forEach(e -> list.add(attribute(e)));
            return AttributeValue.fromL(list);
        }
        throw new IllegalArgumentException("Unsupported seed attribute " + v);
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = LocalCloud.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("Missing seed resource " + resource);
            }
            return new ObjectMapper().readTree(in);
        }
    }

    private static long elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }
}
