package com.jada.chartersync.localcloud.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.jada.chartersync.localcloud.StandInHttp;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A stateful stand-in for the Google Calendar API v3 events collection, in Google's JSON shape, so the real
 * Google Java client (and so {@code camel-google-calendar}) and curl work against it. It enforces Google's
 * sync contract: a full sync bounded by timeMin/timeMax ends with {@code nextSyncToken}; an incremental call
 * with {@code syncToken} accepts no query restrictions (400), returns changed events including cancelled ones,
 * and an unknown or expired token answers 410 Gone. Like Google, it answers only requests with a valid Bearer access
 * token, issued by its own OAuth server ({@link OAuthServer}: {@code /token}, {@code /o/oauth2/v2/auth}) on the
 * same port; anything else is 401 in Google's error shape.
 */
public final class CalendarSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarSandbox.class);
    private static final String BASE = "/calendar/v3/calendars/";
    private static final Set<String> RESTRICTIONS = Set.of("timeMin", "timeMax", "q", "orderBy", "updatedMin", "iCalUID");
    private static final long MIN_FLUSH_DELAY_MS = 200;
    private static final long FLUSH_COST_FACTOR = 10;
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuv0123456789".toCharArray();

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Path stateFile;
    private final String calendarId;
    private final String timeZone;
    /** Events by id, each with its change sequence number, in insertion order. */
    private final Map<String, ObjectNode> events = new LinkedHashMap<>();
    private final Map<String, Long> eventSeq = new LinkedHashMap<>();
    private long seq;
    /** Changes whenever the sandbox is reset, so older sync tokens answer 410 like expired ones at Google. */
    private String tokenEpoch = newId(6);
    private final OAuthServer oauth;
    private final java.util.concurrent.atomic.AtomicInteger apiRequests = new java.util.concurrent.atomic.AtomicInteger();
    private HttpServer server;
    /** Changes not yet in the state file; written by {@link #flusher}, not on every change (see {@link #flushLater}). */
    private boolean dirty;
    private ScheduledExecutorService flusher;

    /** The local OAuth client and its seeded refresh token, as application-local.yaml names them. */
    public static final String LOCAL_CLIENT_ID = "local";
    public static final String LOCAL_CLIENT_SECRET = "local-secret";
    public static final String LOCAL_REFRESH_TOKEN = "1//local-refresh-token";

    /** A sandbox with the local OAuth client and refresh token, access tokens living five minutes. */
    public CalendarSandbox(Path dataDir, String calendarId, String timeZone) {
        this(dataDir, calendarId, timeZone, new OAuthServer(dataDir == null ? null : dataDir.resolve("oauth.json"), null)
                .client(LOCAL_CLIENT_ID, LOCAL_CLIENT_SECRET).seedRefreshToken(LOCAL_REFRESH_TOKEN, LOCAL_CLIENT_ID));
    }

    public CalendarSandbox(Path dataDir, String calendarId, String timeZone, OAuthServer oauth) {
        this.stateFile = dataDir == null ? null : dataDir.resolve("calendar.json");
        this.calendarId = calendarId;
        this.timeZone = timeZone;
        this.oauth = oauth;
    }

    /** Calendar API requests received so far, answered or refused. */
    public int apiRequests() {
        return apiRequests.get();
    }

    /** Its OAuth server: the tokens it issued, the revoke switch, the counts. */
    public OAuthServer oauth() {
        return oauth;
    }

    public CalendarSandbox start(String host, int port) throws IOException {
        load();
        oauth.load();
        server = StandInHttp.create(host, port, "calendar-sandbox", 4);
        server.createContext("/calendar/v3/", this::handle);
        server.createContext("/token", oauth::handleToken);
        server.createContext("/revoke", oauth::handleToken);
        server.createContext("/o/oauth2/v2/auth", oauth::handleConsent);
        server.start();
        if (stateFile != null) {
            ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "calendar-sandbox-flush");
                t.setDaemon(true);
                return t;
            });
            pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            flusher = pool;
            flushLater(MIN_FLUSH_DELAY_MS);
        }
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public boolean isEmpty() {
        synchronized (this) {
            return events.isEmpty();
        }
    }

    /** Adds an event as an insert through the API would; used to seed the sample calendar. */
    public synchronized ObjectNode insert(ObjectNode event) {
        ObjectNode stored = event.deepCopy();
        String id = stored.hasNonNull("id") ? stored.get("id").asText() : newId(26);
        if (events.containsKey(id)) {
            throw new ApiError(409, "duplicate", "The requested identifier already exists.");
        }
        String now = now();
        stored.put("kind", "calendar#event");
        stored.put("id", id);
        if (!stored.hasNonNull("status")) {
            stored.put("status", "confirmed");
        }
        stored.put("created", now);
        stored.put("iCalUID", id + "@jada-internal");
        stored.put("sequence", 0);
        stored.put("htmlLink", "http://localhost/calendar/event?eid=" + id);
        validateTimes(stored);
        touch(id, stored);
        return stored.deepCopy();
    }

    /** Operator/test hook: forget every sync token, as Google does when tokens expire. */
    public synchronized void expireSyncTokens() {
        tokenEpoch = newId(6);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (flusher != null) {
            // let a write in progress finish (no interrupt), drop the next one: the save below is the last
            flusher.shutdown();
            try {
                flusher.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        save();
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private volatile Runnable beforeNextList;

    /** Test hook: runs once, before the next events listing is answered (e.g. to hold a cycle mid-read). */
    public void onNextList(Runnable hook) {
        this.beforeNextList = hook;
    }

    private void handle(HttpExchange http) throws IOException {
        apiRequests.incrementAndGet();
        int status = 200;
        byte[] answer;
        try (InputStream in = http.getRequestBody()) {
            byte[] body = in.readAllBytes();
            // Google's Java client gzips request bodies (Content-Encoding: gzip), as Google's servers accept.
            if ("gzip".equalsIgnoreCase(http.getRequestHeaders().getFirst("Content-Encoding")) && body.length > 0) {
                try (InputStream gz = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = gz.readAllBytes();
                }
            }
            String method = http.getRequestMethod();
            String override = http.getRequestHeaders().getFirst("X-HTTP-Method-Override");
            if ("POST".equals(method) && override != null) {
                method = override.toUpperCase();
            }
            authenticate(http.getRequestHeaders().getFirst("Authorization"));
            String path = http.getRequestURI().getRawPath();
            Runnable hook = beforeNextList;
            if (hook != null && "GET".equals(method) && path.endsWith("/events")) {
                beforeNextList = null;
                hook.run();
            }
            Map<String, List<String>> query = parseQuery(http.getRequestURI().getRawQuery());
            JsonNode result = route(method, path, query, body);
            answer = result == null ? new byte[0] : json.writeValueAsBytes(result);
            if (result == null) {
                status = 204;
            }
        } catch (ApiError e) {
            status = e.code;
            answer = json.writeValueAsBytes(e.toJson(json));
            if (e.code == 401) {
                http.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\""
                        + ("required".equals(e.reason) ? "" : ", error=\"invalid_token\""));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | java.util.zip.ZipException e) {
            status = 400;
            answer = json.writeValueAsBytes(new ApiError(400, "parseError", "Parse Error").toJson(json));
        } catch (RuntimeException e) {
            LOG.warn("Calendar sandbox failed on {}", http.getRequestURI(), e);
            status = 500;
            answer = json.writeValueAsBytes(new ApiError(500, "backendError", String.valueOf(e.getMessage())).toJson(json));
        }
        http.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        if (status == 204) {
            http.sendResponseHeaders(204, -1);
            http.close();
            return;
        }
        http.sendResponseHeaders(status, answer.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(answer);
        }
    }

    /** Google's answers for a request without a usable access token. */
    private void authenticate(String authorization) {
        switch (oauth.check(authorization)) {
            case OK -> { }
            case MISSING -> throw new ApiError(401, "required", "Login Required", "UNAUTHENTICATED");
            case INVALID -> throw new ApiError(401, "authError", "Request had invalid authentication credentials. Expected "
                    + "OAuth 2 access token, login cookie or other valid authentication credential.", "UNAUTHENTICATED");
            case INSUFFICIENT_SCOPE -> throw new ApiError(403, "insufficientPermissions",
                    "Request had insufficient authentication scopes.", "PERMISSION_DENIED");
        }
    }

    private synchronized JsonNode route(String method, String path, Map<String, List<String>> query, byte[] body) throws IOException {
        if (!path.startsWith(BASE)) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        String[] parts = path.substring(BASE.length()).split("/");
        String cal = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (!cal.equals(calendarId) || parts.length < 2 || !parts[1].equals("events")) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        String eventId = parts.length > 2 ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : null;
        String op = method + (eventId == null ? " events" : " event");
        return switch (op) {
            case "GET events" -> list(query);
            case "POST events" -> insert(parseEvent(body));
            case "GET event" -> visible(eventId).deepCopy();
            case "PATCH event" -> patch(eventId, parseEvent(body));
            case "PUT event" -> update(eventId, parseEvent(body));
            case "DELETE event" -> delete(eventId);
            default -> throw new ApiError(405, "methodNotAllowed", "Method not allowed: " + method);
        };
    }

    private JsonNode list(Map<String, List<String>> q) {
        String syncToken = first(q, "syncToken");
        int maxResults = Math.min(2500, Math.max(1, Integer.parseInt(firstOr(q, "maxResults", "250"))));
        int offset = 0;
        String pageToken = first(q, "pageToken");
        if (pageToken != null) {
            try {
                offset = Integer.parseInt(pageToken.substring(pageToken.indexOf('-') + 1));
            } catch (RuntimeException e) {
                throw new ApiError(400, "invalid", "Invalid page token value.");
            }
        }
        List<ObjectNode> matching = new ArrayList<>();
        if (syncToken != null) {
            for (String r : RESTRICTIONS) {
                if (q.containsKey(r)) {
                    throw new ApiError(400, "syncTokenWithRequestRestrictions",
                            "Sync token cannot be used with other request restrictions.");
                }
            }
            long since = parseToken(syncToken);
            events.forEach((id, e) -> {
                if (eventSeq.get(id) > since) {
                    matching.add(e);
                }
            });
        } else {
            Instant min = instant(first(q, "timeMin"));
            Instant max = instant(first(q, "timeMax"));
            boolean showDeleted = "true".equals(first(q, "showDeleted"));
            for (ObjectNode e : events.values()) {
                boolean cancelled = "cancelled".equals(e.path("status").asText());
                if (cancelled && !showDeleted) {
                    continue;
                }
                if (!cancelled && min != null && !end(e).isAfter(min)) {
                    continue;
                }
                if (!cancelled && max != null && !start(e).isBefore(max)) {
                    continue;
                }
                matching.add(e);
            }
            matching.sort(Comparator.comparing(e -> "cancelled".equals(e.path("status").asText()) ? Instant.EPOCH : start(e)));
        }
        ObjectNode out = json.createObjectNode();
        out.put("kind", "calendar#events");
        out.put("etag", "\"" + seq + "\"");
        out.put("summary", calendarId);
        out.put("updated", now());
        out.put("timeZone", timeZone);
        out.put("accessRole", "owner");
        ArrayNode items = out.putArray("items");
        int end = Math.min(matching.size(), offset + maxResults);
        for (int i = offset; i < end; i++) {
            ObjectNode e = matching.get(i);
            items.add("cancelled".equals(e.path("status").asText()) ? cancelledView(e) : e.deepCopy());
        }
        if (end < matching.size()) {
            out.put("nextPageToken", "p-" + end);
        } else {
            out.put("nextSyncToken", "st-" + tokenEpoch + "-" + seq);
        }
        return out;
    }

    private ObjectNode patch(String id, ObjectNode changes) {
        ObjectNode e = visible(id);
        changes.fields().forEachRemaining(f -> {
            if (!Set.of("id", "kind", "etag", "created", "updated", "iCalUID").contains(f.getKey())) {
                e.set(f.getKey(), f.getValue());
            }
        });
        validateTimes(e);
        e.put("sequence", e.path("sequence").asInt() + 1);
        touch(id, e);
        return e.deepCopy();
    }

    private ObjectNode update(String id, ObjectNode replacement) {
        ObjectNode e = visible(id);
        ObjectNode next = replacement.deepCopy();
        for (String keep : List.of("id", "kind", "created", "iCalUID", "htmlLink")) {
            next.set(keep, e.get(keep));
        }
        if (!next.hasNonNull("status")) {
            next.put("status", "confirmed");
        }
        next.put("sequence", e.path("sequence").asInt() + 1);
        validateTimes(next);
        events.put(id, next);
        touch(id, next);
        return next.deepCopy();
    }

    private JsonNode delete(String id) {
        ObjectNode e = events.get(id);
        if (e == null || "cancelled".equals(e.path("status").asText())) {
            throw new ApiError(410, "deleted", "Resource has been deleted");
        }
        e.put("status", "cancelled");
        touch(id, e);
        return null;
    }

    private ObjectNode visible(String id) {
        ObjectNode e = events.get(id);
        if (e == null) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        return e;
    }

    private ObjectNode cancelledView(ObjectNode e) {
        ObjectNode v = json.createObjectNode();
        v.put("kind", "calendar#event");
        v.set("etag", e.get("etag"));
        v.set("id", e.get("id"));
        v.put("status", "cancelled");
        v.set("updated", e.get("updated"));
        return v;
    }

    private void touch(String id, ObjectNode e) {
        seq++;
        e.put("etag", "\"" + (3_000_000_000_000L + seq) + "\"");
        e.put("updated", now());
        events.put(id, e);
        eventSeq.put(id, seq);
        dirty = true;
    }

    private long parseToken(String token) {
        String prefix = "st-" + tokenEpoch + "-";
        if (!token.startsWith(prefix)) {
            throw new ApiError(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
        }
        try {
            long since = Long.parseLong(token.substring(prefix.length()));
            if (since > seq) {
                throw new NumberFormatException();
            }
            return since;
        } catch (NumberFormatException e) {
            throw new ApiError(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.");
        }
    }

    private void validateTimes(ObjectNode e) {
        if (!e.has("start") || !e.has("end")) {
            throw new ApiError(400, "required", "Missing end time.");
        }
        if (end(e).isBefore(start(e))) {
            throw new ApiError(400, "timeRangeEmpty", "The specified time range is empty.");
        }
    }

    private Instant start(JsonNode e) {
        return time(e.path("start"));
    }

    private Instant end(JsonNode e) {
        return time(e.path("end"));
    }

    private Instant time(JsonNode t) {
        if (t.hasNonNull("dateTime")) {
            return OffsetDateTime.parse(t.get("dateTime").asText()).toInstant();
        }
        if (t.hasNonNull("date")) {
            return java.time.LocalDate.parse(t.get("date").asText()).atStartOfDay(ZoneId.of(timeZone)).toInstant();
        }
        throw new ApiError(400, "invalid", "Invalid start or end time.");
    }

    private static Instant instant(String rfc3339) {
        if (rfc3339 == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (RuntimeException e) {
            throw new ApiError(400, "badRequest", "Bad Request: " + rfc3339);
        }
    }

    private ObjectNode parseEvent(byte[] body) throws IOException {
        JsonNode node = body.length == 0 ? null : json.readTree(body);
        if (!(node instanceof ObjectNode object)) {
            throw new ApiError(400, "parseError", "Parse Error");
        }
        return object;
    }

    private static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private String newId(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
        }
        return sb.toString();
    }

    private static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static String first(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String firstOr(Map<String, List<String>> q, String key, String fallback) {
        String v = first(q, key);
        return v == null ? fallback : v;
    }

    // ---- persistence ---------------------------------------------------------------------------

    private void load() throws IOException {
        if (stateFile == null || !Files.exists(stateFile)) {
            return;
        }
        JsonNode root = json.readTree(stateFile.toFile());
        synchronized (this) {
            seq = root.path("seq").asLong();
            tokenEpoch = root.path("tokenEpoch").asText(tokenEpoch);
            for (JsonNode e : root.path("events")) {
                ObjectNode event = (ObjectNode) e.get("event");
                events.put(event.get("id").asText(), event);
                eventSeq.put(event.get("id").asText(), e.path("seq").asLong());
            }
        }
        LOG.info("Calendar sandbox loaded {} events from {}", events.size(), stateFile);
    }

    /**
     * Saving the whole calendar on every change made N inserts cost O(N^2); the state file is written in the
     * background instead, at most every {@value #FLUSH_COST_FACTOR} times as long as the last write took, and
     * once more on {@link #close()}.
     */
    private void flushLater(long delayMs) {
        try {
            flusher.schedule(() -> {
                long started = System.nanoTime();
                save();
                flushLater(Math.max(MIN_FLUSH_DELAY_MS, (System.nanoTime() - started) / 1_000_000 * FLUSH_COST_FACTOR));
            }, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() saves one last time
        }
    }

    private void save() {
        if (stateFile == null) {
            return;
        }
        try {
            byte[] bytes;
            synchronized (this) {
                if (!dirty) {
                    return;
                }
                dirty = false;
                ObjectNode root = json.createObjectNode();
                root.put("seq", seq);
                root.put("tokenEpoch", tokenEpoch);
                ArrayNode list = root.putArray("events");
                events.forEach((id, e) -> list.addObject().put("seq", eventSeq.get(id)).set("event", e));
                // serialized under the lock: patches change stored events in place
                bytes = json.writeValueAsBytes(root);
            }
            synchronized (stateFile) {
                Files.createDirectories(stateFile.getParent());
                Path tmp = stateFile.resolveSibling("calendar.json.tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
            }
            LOG.warn("Calendar sandbox could not save {}", stateFile, e);
        }
    }

    /** An error in Google's JSON error shape. */
    static final class ApiError extends RuntimeException {
        final int code;
        final String reason;
        final String status;

        ApiError(int code, String reason, String message) {
            this(code, reason, message, null);
        }

        ApiError(int code, String reason, String message, String status) {
            super(message);
            this.code = code;
            this.reason = reason;
            this.status = status;
        }

        ObjectNode toJson(ObjectMapper json) {
            ObjectNode root = json.createObjectNode();
            ObjectNode error = root.putObject("error");
            ObjectNode detail = error.putArray("errors").addObject().put("domain", "global").put("reason", reason)
                    .put("message", getMessage());
            if (code == 401) {
                detail.put("location", "Authorization").put("locationType", "header");
            }
            error.put("code", code);
            error.put("message", getMessage());
            if (status != null) {
                error.put("status", status);
            }
            return root;
        }
    }
}
