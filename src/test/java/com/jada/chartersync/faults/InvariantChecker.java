package com.jada.chartersync.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Whether every layer agrees with the calendar, read straight from the local services (never through a fault
 * proxy, never through the runtime's own view): the calendar sandbox (every event of the window, cancelled ones
 * included), DynamoDB ({@code jada-events}, {@code jada-calendar-links}, {@code jada-dead-letters},
 * {@code jada-waivers}), every object in the bucket, and each page through the edge. It renders nothing: it
 * compares what the runtime recorded with what each layer holds.
 *
 * <ul>
 *   <li>one record per calendar event: none without, none with two; every link points at the event's record;</li>
 *   <li>each record is of the calendar's current version ({@code calendarEtag}), and its page was published and
 *       verified for that version ({@code publishedEtag});</li>
 *   <li>the record's page is in S3 and its SHA-256 is the record's {@code pageHash}; the edge serves those bytes;</li>
 *   <li>no object in the bucket without a record whose page it is;</li>
 *   <li>signed and partly signed waivers (record attributes and {@code jada-waivers} items) as in the snapshot
 *       taken before the fault; the hand-made records still there under their ids;</li>
 *   <li>no dead letter left unresolved (after recovery nothing still fails).</li>
 * </ul>
 *
 * A dead letter counts as resolved when the product marks it so ({@code resolvedAt}, {@code resolved = true} or
 * {@code status = resolved}) or has removed it.
 */
// ApacheHttpClient, deprecated for Apache5HttpClient: the same client as the runtime's (AwsClientsConfiguration)
@SuppressWarnings("deprecation")
public final class InvariantChecker implements AutoCloseable {

    /** The records the operator made by hand before the runtime existed (the seed). */
    public static final List<String> HAND_MADE = List.of("quinn-saturday-2026-05-31", "jonathan-sunday-2026-05-31-afternoon");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoints endpoints;
    private final DynamoDbClient dynamo;
    private final S3Client s3;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Where each layer is read, directly. {@code runtimeUrl} is only used to replay dead letters. */
    public record Endpoints(int calendarPort, int dynamodbPort, int s3Port, int edgePort, String runtimeUrl,
                            Instant windowStart, Instant windowEnd) {

        /** The local profile's window (application-local.yaml). */
        public static Endpoints local(int calendarPort, int dynamodbPort, int s3Port, int edgePort, String runtimeUrl) {
            return new Endpoints(calendarPort, dynamodbPort, s3Port, edgePort, runtimeUrl,
                    Instant.parse("2026-05-28T00:00:00Z"), Instant.parse("2026-06-16T23:59:59Z"));
        }
    }

    /**
     * What must come through a fault untouched, taken before it: waiver state per record, every waiver, and which
     * calendar event owns each hand-made record ("" while none has adopted it).
     */
    public record Snapshot(Map<String, Map<String, AttributeValue>> waiverStateByEvent,
                           Map<String, Map<String, AttributeValue>> waivers, Map<String, String> handMadeOwners,
                           Map<String, String> photoCodes) {
    }

    /**
     * The outcome: every violation in words; the calendar events lost (any layer not current for them); and how
     * many things exist twice (a second record for a calendar event, a record no event owns, a page no record has).
     */
    public record Report(List<String> violations, Set<String> lost, int duplicated, int unresolvedDeadLetters) {

        public boolean clean() {
            return violations.isEmpty();
        }
    }

    public InvariantChecker(Endpoints endpoints) {
        this.endpoints = endpoints;
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + endpoints.dynamodbPort()))
                .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build();
        this.s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + endpoints.s3Port()))
                .region(Region.US_EAST_1).credentialsProvider(credentials).forcePathStyle(true)
                .httpClient(ApacheHttpClient.create()).build();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public S3Client s3() {
        return s3;
    }

    /** Signed and partly signed waivers as they are now. */
    public Snapshot snapshot() {
        Map<String, Map<String, AttributeValue>> state = new TreeMap<>();
        Map<String, String> owners = new TreeMap<>();
        Map<String, String> photoCodes = new TreeMap<>();
        for (Map<String, AttributeValue> r : scan("jada-events")) {
            if (s(r, "photoCode") != null) {
                photoCodes.put(s(r, "eventId"), s(r, "photoCode"));
            }
            if (HAND_MADE.contains(s(r, "eventId"))) {
                owners.put(s(r, "eventId"), s(r, "calendarEventId") == null ? "" : s(r, "calendarEventId"));
            }
            String status = s(r, "waiverStatus");
            if ("signed".equals(status) || "partial".equals(status) || r.containsKey("waiversSigned")) {
                state.put(s(r, "eventId"), waiverState(r));
            }
        }
        Map<String, Map<String, AttributeValue>> waivers = new TreeMap<>();
        for (Map<String, AttributeValue> w : scan("jada-waivers")) {
            waivers.put(s(w, "waiverId"), w);
        }
        return new Snapshot(state, waivers, owners, photoCodes);
    }

    /** Every invariant, against the snapshot taken before the fault; an unresolved dead letter is one. */
    public Report check(Snapshot before) throws IOException, InterruptedException {
        List<String> violations = new ArrayList<>();
        Set<String> lost = new LinkedHashSet<>();
        int duplicated = 0;

        Map<String, JsonNode> calendar = calendarEvents();
        List<Map<String, AttributeValue>> records = scan("jada-events");
        Map<String, Map<String, AttributeValue>> byEventId = new LinkedHashMap<>();
        Map<String, List<Map<String, AttributeValue>>> byCalendarId = new LinkedHashMap<>();
        for (Map<String, AttributeValue> r : records) {
            byEventId.put(s(r, "eventId"), r);
            String cid = s(r, "calendarEventId");
            if (cid == null) {
                if (!HAND_MADE.contains(s(r, "eventId"))) {
                    violations.add("record " + s(r, "eventId") + " belongs to no calendar event");
                    duplicated++;
                }
                continue;
            }
            byCalendarId.computeIfAbsent(cid, k -> new ArrayList<>()).add(r);
        }
        Map<String, String> links = new LinkedHashMap<>();
        for (Map<String, AttributeValue> l : scan("jada-calendar-links")) {
            links.put(s(l, "calendarEventId"), s(l, "eventId"));
        }
        Map<String, byte[]> bucket = bucket();
        Map<String, HttpResponse<byte[]>> edge = edge(records.stream().map(r -> s(r, "pageKey"))
                .filter(java.util.Objects::nonNull).distinct().toList());
        Set<String> pageKeys = new LinkedHashSet<>();

        for (JsonNode event : calendar.values()) {
            String cid = event.path("id").asText();
            String label = label(event);
            boolean cancelled = "cancelled".equals(event.path("status").asText());
            List<Map<String, AttributeValue>> own = byCalendarId.getOrDefault(cid, List.of());
            if (own.isEmpty()) {
                if (!cancelled) {
                    violations.add("lost: calendar event " + label + " has no record");
                    lost.add(cid);
                }
                continue;
            }
            if (own.size() > 1) {
                violations.add("duplicated: calendar event " + label + " has " + own.size() + " records "
                        + own.stream().map(r -> s(r, "eventId")).toList());
                duplicated += own.size() - 1;
            }
            Map<String, AttributeValue> record = own.get(0);
            String eventId = s(record, "eventId");
            String linked = links.get(cid);
            if (!eventId.equals(linked) && own.stream().noneMatch(r -> s(r, "eventId").equals(linked))) {
                violations.add("calendar event " + label + " links to " + linked + ", its record is " + eventId);
            }
            for (Map<String, AttributeValue> r : own) {
                if (r.containsKey("pageKey")) {
                    pageKeys.add(s(r, "pageKey"));
                }
            }
            List<String> problems = layers(event, record, bucket, edge);
            if (!problems.isEmpty()) {
                violations.add("lost: " + label + " (" + eventId + "): " + String.join("; ", problems));
                lost.add(cid);
            }
        }
        for (String cid : byCalendarId.keySet()) {
            if (!calendar.containsKey(cid)) {
                violations.add("records " + byCalendarId.get(cid).stream().map(r -> s(r, "eventId")).toList()
                        + " belong to calendar event " + cid + ", which the calendar does not have");
            }
        }
        for (String key : bucket.keySet()) {
            if (!pageKeys.contains(key)) {
                violations.add("duplicated: page " + key + " in S3 has no record");
                duplicated++;
            }
        }
        for (String id : HAND_MADE) {
            Map<String, AttributeValue> r = byEventId.get(id);
            String ownerBefore = before.handMadeOwners().getOrDefault(id, "");
            if (r == null) {
                violations.add("hand-made record " + id + " is gone");
            } else if (!ownerBefore.isEmpty() && !ownerBefore.equals(s(r, "calendarEventId"))) {
                violations.add("hand-made record " + id + " belonged to calendar event " + ownerBefore + ", now to "
                        + s(r, "calendarEventId"));
            }
        }
        Map<String, Map<String, AttributeValue>> waiverState = new TreeMap<>();
        before.waiverStateByEvent().keySet().forEach(id -> {
            Map<String, AttributeValue> r = byEventId.get(id);
            waiverState.put(id, r == null ? Map.of() : waiverState(r));
        });
        if (!waiverState.equals(before.waiverStateByEvent())) {
            violations.add("signed waivers changed on the records: before " + before.waiverStateByEvent() + ", after " + waiverState);
        }
        // a guest's photo code is what they were given: a record rebuilt after a loss prints the same one
        before.photoCodes().forEach((id, code) -> {
            Map<String, AttributeValue> r = byEventId.get(id);
            if (r != null && !code.equals(s(r, "photoCode"))) {
                violations.add("photo code of " + id + " changed: before " + code + ", after " + s(r, "photoCode"));
            }
        });
        Map<String, Map<String, AttributeValue>> waivers = new TreeMap<>();
        scan("jada-waivers").forEach(w -> waivers.put(s(w, "waiverId"), w));
        if (!waivers.equals(before.waivers())) {
            violations.add("jada-waivers changed: before " + before.waivers().keySet() + ", after " + waivers.keySet());
        }

        int unresolved = 0;
        for (Map<String, AttributeValue> letter : scan("jada-dead-letters")) {
            if (resolved(letter)) {
                continue;
            }
            unresolved++;
            // reported, not replayed: recovery must need nobody
            violations.add("dead letter " + s(letter, "id") + " (" + s(letter, "routeId") + ", " + s(letter, "eventRef")
                    + ": " + s(letter, "reason") + ") is unresolved after recovery: status " + s(letter, "status")
                    + ", attempts " + letter.getOrDefault("attempts", AttributeValue.fromN("0")).n()
                    + ", next try " + s(letter, "nextTryAt"));
        }
        return new Report(List.copyOf(violations), Set.copyOf(lost), duplicated, unresolved);
    }

    /** What is wrong between the calendar version, the record, S3 and the edge for one calendar event. */
    private static List<String> layers(JsonNode event, Map<String, AttributeValue> record, Map<String, byte[]> bucket,
                                       Map<String, HttpResponse<byte[]>> edgePages) {
        List<String> problems = new ArrayList<>();
        String etag = event.path("etag").asText();
        if (!etag.equals(s(record, "calendarEtag"))) {
            problems.add("record is of calendar version " + s(record, "calendarEtag") + ", the calendar has " + etag);
        }
        if (!etag.equals(s(record, "publishedEtag"))) {
            problems.add("page published and verified for version " + s(record, "publishedEtag") + ", not " + etag);
        }
        String pageKey = s(record, "pageKey");
        if (pageKey == null) {
            problems.add("record has no pageKey");
            return problems;
        }
        byte[] page = bucket.get(pageKey);
        if (page == null) {
            problems.add("page " + pageKey + " is not in S3");
            return problems;
        }
        String hash = sha256(page);
        if (!hash.equals(s(record, "pageHash"))) {
            problems.add("S3 holds sha256 " + shortHash(hash) + " for " + pageKey + ", the record says " + shortHash(s(record, "pageHash")));
        }
        HttpResponse<byte[]> edge = edgePages.get(pageKey);
        if (edge.statusCode() != 200) {
            problems.add("the edge answers " + edge.statusCode() + " for " + pageKey);
        } else if (!sha256(edge.body()).equals(hash)) {
            problems.add("the edge serves other bytes than S3 for " + pageKey + " (sha256 " + shortHash(sha256(edge.body())) + ")");
        }
        return problems;
    }

    /** Every event of the window as the calendar holds it, cancelled ones included, by calendar id. */
    /** The calendar sandbox answers only with an access token, as Google does: one from its token endpoint. */
    static String calendarAccessToken(int calendarPort) throws IOException {
        try {
            return com.jada.chartersync.sync.SandboxClient.localAccessToken(calendarPort);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    public Map<String, JsonNode> calendarEvents() throws IOException, InterruptedException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        String base = "http://127.0.0.1:" + endpoints.calendarPort() + "/calendar/v3/calendars/jada-internal/events"
                + "?singleEvents=true&showDeleted=true&maxResults=2500&timeMin=" + enc(endpoints.windowStart().toString())
                + "&timeMax=" + enc(endpoints.windowEnd().toString());
        String pageToken = null;
        String bearer = "Bearer " + calendarAccessToken(endpoints.calendarPort());
        for (int page = 0; page < 100; page++) {
            String url = base + (pageToken == null ? "" : "&pageToken=" + enc(pageToken));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer)
                            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("the calendar sandbox answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode list = JSON.readTree(r.body());
            list.path("items").forEach(e -> out.put(e.path("id").asText(), e));
            pageToken = list.path("nextPageToken").asText(null);
            if (pageToken == null) {
                return out;
            }
        }
        throw new IOException("the calendar sandbox kept handing out pages");
    }

    /** Every object of the bucket, with its bytes. */
    public Map<String, byte[]> bucket() throws IOException, InterruptedException {
        List<String> keys = s3.listObjectsV2Paginator(b -> b.bucket("jada-guest-pages")).contents().stream()
                .map(S3Object::key).toList();
        return fetchAll(keys, key -> {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket("jada-guest-pages").key(key));
            return bytes.asByteArray();
        });
    }

    /** Each page as the edge serves it to a guest, by page key. */
    private Map<String, HttpResponse<byte[]>> edge(List<String> pageKeys) throws IOException, InterruptedException {
        return fetchAll(pageKeys, key -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.edgePort() + "/" + key))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    private interface Fetch<T> {
        T get(String key) throws Exception;
    }

    /** A few at a time: hundreds of pages are read in seconds, not tens of them. */
    private static <T> Map<String, T> fetchAll(List<String> keys, Fetch<T> fetch) throws IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Map<String, Future<T>> pending = new LinkedHashMap<>();
            for (String key : keys) {
                pending.put(key, pool.submit(() -> fetch.get(key)));
            }
            Map<String, T> out = new TreeMap<>();
            for (Map.Entry<String, Future<T>> e : pending.entrySet()) {
                try {
                    out.put(e.getKey(), e.getValue().get());
                } catch (ExecutionException failed) {
                    throw new IOException("could not read " + e.getKey(), failed.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    public List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        dynamo.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(out::add);
        return out;
    }

    /** Asks the runtime to replay one dead letter; answers the HTTP status. */
    public int replay(String deadLetterId) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(endpoints.runtimeUrl() + "/api/dead-letters/" + enc(deadLetterId) + "/replay"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Dead letters the product has not resolved. */
    public List<String> unresolvedDeadLetters() {
        return scan("jada-dead-letters").stream().filter(l -> !resolved(l)).map(l -> s(l, "id")).toList();
    }

    static boolean resolved(Map<String, AttributeValue> letter) {
        AttributeValue flag = letter.get("resolved");
        return letter.containsKey("resolvedAt") || (flag != null && Boolean.TRUE.equals(flag.bool()))
                || "resolved".equalsIgnoreCase(s(letter, "status"));
    }

    private static Map<String, AttributeValue> waiverState(Map<String, AttributeValue> record) {
        Map<String, AttributeValue> out = new TreeMap<>();
        for (String k : List.of("waiverStatus", "waiversSigned", "waiversExpected")) {
            if (record.containsKey(k)) {
                out.put(k, record.get(k));
            }
        }
        return out;
    }

    private static String label(JsonNode event) {
        return event.path("id").asText() + " \"" + event.path("summary").asText("(cancelled)") + "\"";
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shortHash(String hash) {
        return hash == null ? "none" : hash.substring(0, Math.min(12, hash.length()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        dynamo.close();
        s3.close();
    }
}
