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
import java.net.URLEncoder;
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
 * Google Java client (and so {@code camel-google-calendar}) and curl work against it. It refuses what Google
 * refuses (docs/local-cloud.md lists what it implements and what not):
 * <ul>
 * <li>Google's sync contract: a full sync bounded by timeMin/timeMax ends with {@code nextSyncToken}; an
 * incremental call with {@code syncToken} accepts no query restrictions (400), returns changed events including
 * cancelled ones, and an unknown or expired token answers 410 Gone;</li>
 * <li>{@code events.list} parameters as the reference defines them ({@code q}, {@code orderBy} with
 * {@code singleEvents}, {@code maxResults}, RFC 3339 bounds, {@code updatedMin}, {@code showDeleted});</li>
 * <li>recurring events ({@code recurrence}: RRULE, RDATE, EXDATE) expanded into instances with
 * {@code singleEvents=true}, instances readable, patchable and deletable by their instance id;</li>
 * <li>push notifications ({@code events.watch}, {@code channels.stop}, see {@link SandboxPushChannels});</li>
 * <li>the calendar's secret iCal address, {@code /calendar/ical/{calendarId}/private-{token}/basic.ics}.</li>
 * </ul>
 * Like Google, it answers only requests with a valid Bearer access token, issued by its own OAuth server
 * ({@link OAuthServer}: {@code /token}, {@code /o/oauth2/v2/auth}) on the same port; anything else is 401 in
 * Google's error shape. The iCal feed is authorised by the secret in its address instead.
 */
public final class CalendarSandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarSandbox.class);
    private static final String BASE = "/calendar/v3/calendars/";
    private static final String CHANNELS_STOP = "/calendar/v3/channels/stop";
    private static final String ICAL_BASE = "/calendar/ical/";
    /** What Google refuses beside a sync token (events.list reference, parameter syncToken). */
    private static final Set<String> RESTRICTIONS = Set.of("timeMin", "timeMax", "q", "orderBy", "updatedMin", "iCalUID",
            "privateExtendedProperty", "sharedExtendedProperty");
    private static final java.util.regex.Pattern EVENT_ID = java.util.regex.Pattern.compile("[a-v0-9]{5,1024}");
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(java.time.ZoneOffset.UTC);
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
    private SandboxPushChannels push;
    private String icalToken = "local";
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

    /** The secret part of the feed's address: {@code /calendar/ical/{calendarId}/private-{token}/basic.ics}. */
    private com.jada.chartersync.localcloud.latency.Latency latency = com.jada.chartersync.localcloud.latency.Latency.none();

    public CalendarSandbox icalToken(String token) {
        this.icalToken = token;
        return this;
    }

    /** The delay a page of an event listing waits (the local cloud's {@code charter.local.latency.calendar}). */
    public CalendarSandbox latency(com.jada.chartersync.localcloud.latency.Latency latency) {
        this.latency = latency;
        return this;
    }

    public CalendarSandbox start(String host, int port) throws IOException {
        load();
        oauth.load();
        server = StandInHttp.create(host, port, "calendar-sandbox", 4);
        server.createContext("/calendar/v3/", this::handle);
        server.createContext("/token", oauth::handleToken);
        server.createContext("/revoke", oauth::handleToken);
        server.createContext("/o/oauth2/v2/auth", oauth::handleConsent);
        server.createContext(ICAL_BASE, this::handleIcal);
        server.start();
        String base = "http://" + host + ":" + port() + BASE + URLEncoder.encode(calendarId, StandardCharsets.UTF_8);
        push = new SandboxPushChannels("rs-" + Integer.toHexString(calendarId.hashCode()), base + "/events?alt=json");
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

    /** The feed's path on this sandbox (the part after host and port). */
    public String icalPath() {
        return ICAL_BASE + URLEncoder.encode(calendarId, StandardCharsets.UTF_8) + "/private-" + icalToken + "/basic.ics";
    }

    /** The token the watcher gave a channel (what Google sends back as X-Goog-Channel-Token). */
    public String channelToken(String channelId) {
        return push == null ? null : push.token(channelId);
    }

    /** Ids of the push channels open now (not stopped, not expired). */
    public List<String> openChannelIds() {
        return push == null ? List.of() : push.openChannelIds();
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
        if (!EVENT_ID.matcher(id).matches()) {
            throw new ApiError(400, "invalid", "Invalid resource id value.");
        }
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
        // Google's own events carry <id>@google.com as their iCalendar UID (the feed's UID)
        stored.put("iCalUID", id + "@google.com");
        stored.put("sequence", 0);
        stored.put("htmlLink", "http://localhost/calendar/event?eid=" + id);
        validate(stored);
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
        if (push != null) {
            push.close();
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
            String path = http.getRequestURI().getRawPath();
            if ("GET".equals(method) && path.endsWith("/events")) {
                latency.pause("calendar");  // per page of results, as Google's round trip
            }
            authenticate(http.getRequestHeaders().getFirst("Authorization"));
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

    private JsonNode route(String method, String path, Map<String, List<String>> query, byte[] body) throws IOException {
        if (path.equals(CHANNELS_STOP)) {
            if (!"POST".equals(method)) {
                throw new ApiError(405, "methodNotAllowed", "Method not allowed: " + method);
            }
            push.stop(parseEvent(body));
            return null;
        }
        if (!path.startsWith(BASE)) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        String[] parts = path.substring(BASE.length()).split("/");
        String cal = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (!cal.equals(calendarId) || parts.length < 2 || !parts[1].equals("events")) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        String eventId = parts.length > 2 ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : null;
        if ("watch".equals(eventId) && parts.length == 3 && "POST".equals(method)) {
            // not an event id: Google's ids never contain a 'w'
            return push.watch(parseEvent(body), json);
        }
        if (parts.length == 4 && "instances".equals(parts[3]) && "GET".equals(method)) {
            return instancesOf(eventId, query);
        }
        if (parts.length > 3) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        String op = method + (eventId == null ? " events" : " event");
        synchronized (this) {
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
    }

    /**
     * {@code events.list}, with the parameters of Google's reference: {@code timeMin}/{@code timeMax} (RFC 3339
     * with an offset), {@code q}, {@code orderBy} ({@code startTime} only with {@code singleEvents=true}),
     * {@code singleEvents}, {@code showDeleted}, {@code updatedMin}, {@code iCalUID}, {@code maxResults} (default
     * 250, at most 2500), {@code pageToken}, {@code syncToken} (nothing that restricts the query beside it).
     */
    private JsonNode list(Map<String, List<String>> q) {
        String syncToken = first(q, "syncToken");
        int maxResults = maxResults(q);
        boolean single = bool(q, "singleEvents");
        boolean showDeleted = bool(q, "showDeleted");
        int offset = pageOffset(q);
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
                if (eventSeq.get(id) <= since) {
                    return;
                }
                if (single && SandboxRecurrence.isRecurring(e)) {
                    // every instance of a changed series, the excluded and deleted ones as cancelled
                    boolean seriesCancelled = cancelled(e);
                    for (SandboxRecurrence.Occurrence o : SandboxRecurrence.occurrences(e, null)) {
                        ObjectNode exception = events.get(o.instanceId());
                        ObjectNode instance = exception != null ? exception : SandboxRecurrence.instance(e, o);
                        matching.add(seriesCancelled || o.excluded() ? cancelledView(instance) : instance);
                    }
                } else {
                    matching.add(e);
                }
            });
        } else {
            String orderBy = first(q, "orderBy");
            if (orderBy != null && !Set.of("startTime", "updated").contains(orderBy)) {
                throw new ApiError(400, "invalidParameter", "Invalid value '" + orderBy + "'. Values must be one of: [startTime, updated]");
            }
            if ("startTime".equals(orderBy) && !single) {
                throw new ApiError(400, "badRequest", "The requested ordering is not available for the particular query.");
            }
            Instant min = instant(q, "timeMin");
            Instant max = instant(q, "timeMax");
            if (min != null && max != null && !min.isBefore(max)) {
                throw new ApiError(400, "timeRangeEmpty", "The specified time range is empty.");
            }
            Instant updatedMin = instant(q, "updatedMin");
            String text = first(q, "q");
            String iCalUID = first(q, "iCalUID");
            List<ObjectNode> candidates = new ArrayList<>();
            for (ObjectNode e : events.values()) {
                if (single && SandboxRecurrence.isRecurring(e)) {
                    // with showDeleted, the instances of a deleted series and the deleted instances come as cancelled
                    boolean seriesCancelled = cancelled(e);
                    if (seriesCancelled && !showDeleted) {
                        continue;
                    }
                    for (SandboxRecurrence.Occurrence o : SandboxRecurrence.occurrences(e, max)) {
                        ObjectNode exception = events.get(o.instanceId());
                        if (exception == null && o.excluded() && !showDeleted) {
                            continue;
                        }
                        ObjectNode instance = exception != null ? exception : SandboxRecurrence.instance(e, o);
                        if (seriesCancelled || (exception == null && o.excluded())) {
                            instance = instance.deepCopy().put("status", "cancelled");
                        }
                        candidates.add(instance);
                    }
                } else if (single && e.hasNonNull("recurringEventId")) {
                    // an instance exception: listed by its series above
                    continue;
                } else {
                    candidates.add(e);
                }
            }
            for (ObjectNode e : candidates) {
                boolean cancelled = cancelled(e);
                boolean updatedSince = updatedMin != null && !Instant.parse(e.get("updated").asText()).isBefore(updatedMin);
                if (updatedMin != null && !updatedSince) {
                    continue;
                }
                if (cancelled && !showDeleted && !updatedSince) {
                    continue;
                }
                // a cancelled event keeps its times: a listing of a window holds the cancelled events of that window
                if ((!cancelled || e.has("start")) && !overlaps(e, min, max)) {
                    continue;
                }
                if (text != null && !matchesText(e, text)) {
                    continue;
                }
                if (iCalUID != null && !iCalUID.equals(e.path("iCalUID").asText())) {
                    continue;
                }
                matching.add(e);
            }
            if ("updated".equals(orderBy)) {
                matching.sort(Comparator.comparing(e -> Instant.parse(e.get("updated").asText())));
            } else {
                matching.sort(Comparator.comparing(e -> cancelled(e) ? Instant.EPOCH : start(e)));
            }
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
            items.add(cancelled(e) ? cancelledView(e) : e.deepCopy());
        }
        if (end < matching.size()) {
            out.put("nextPageToken", "p-" + end);
        } else {
            out.put("nextSyncToken", "st-" + tokenEpoch + "-" + seq);
        }
        return out;
    }

    /** {@code events.instances}: the instances of one recurring event, in start order. */
    private synchronized JsonNode instancesOf(String eventId, Map<String, List<String>> q) {
        ObjectNode master = events.get(eventId);
        if (master == null || !SandboxRecurrence.isRecurring(master)) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        Instant min = instant(q, "timeMin");
        Instant max = instant(q, "timeMax");
        boolean showDeleted = bool(q, "showDeleted");
        int maxResults = maxResults(q);
        int offset = pageOffset(q);
        List<ObjectNode> matching = new ArrayList<>();
        for (SandboxRecurrence.Occurrence o : SandboxRecurrence.occurrences(master, max)) {
            ObjectNode exception = events.get(o.instanceId());
            ObjectNode instance = exception != null ? exception : SandboxRecurrence.instance(master, o);
            boolean gone = o.excluded() || cancelled(instance) || cancelled(master);
            if ((gone && !showDeleted) || (!gone && !overlaps(instance, min, max))) {
                continue;
            }
            matching.add(gone ? cancelledView(instance) : instance);
        }
        ObjectNode out = json.createObjectNode();
        out.put("kind", "calendar#events");
        out.put("summary", calendarId);
        out.put("timeZone", timeZone);
        ArrayNode items = out.putArray("items");
        int end = Math.min(matching.size(), offset + maxResults);
        for (int i = offset; i < end; i++) {
            items.add(matching.get(i).deepCopy());
        }
        if (end < matching.size()) {
            out.put("nextPageToken", "p-" + end);
        }
        return out;
    }

    private ObjectNode patch(String id, ObjectNode changes) {
        ObjectNode e = writable(id);
        changes.properties().forEach(f -> {
            if (!Set.of("id", "kind", "etag", "created", "updated", "iCalUID", "recurringEventId", "originalStartTime")
                    .contains(f.getKey())) {
                e.set(f.getKey(), f.getValue());
            }
        });
        validate(e);
        e.put("sequence", e.path("sequence").asInt() + 1);
        touch(e.get("id").asText(), e);
        return e.deepCopy();
    }

    private ObjectNode update(String id, ObjectNode replacement) {
        ObjectNode e = writable(id);
        ObjectNode next = replacement.deepCopy();
        for (String keep : List.of("id", "kind", "created", "iCalUID", "htmlLink", "recurringEventId", "originalStartTime")) {
            if (e.has(keep)) {
                next.set(keep, e.get(keep));
            }
        }
        if (!next.hasNonNull("status")) {
            next.put("status", "confirmed");
        }
        next.put("sequence", e.path("sequence").asInt() + 1);
        validate(next);
        events.put(e.get("id").asText(), next);
        touch(e.get("id").asText(), next);
        return next.deepCopy();
    }

    /** Marks the event cancelled; an instance of a recurring event becomes a cancelled exception. */
    private JsonNode delete(String id) {
        ObjectNode e = visible(id);
        if (cancelled(e)) {
            throw new ApiError(410, "deleted", "Resource has been deleted");
        }
        e = writable(id);
        e.put("status", "cancelled");
        touch(id, e);
        return null;
    }

    /** A stored event, or an instance of a recurring event (derived, or its stored exception); else 404. */
    private ObjectNode visible(String id) {
        ObjectNode e = events.get(id);
        if (e == null) {
            e = derivedInstance(id);
        }
        if (e == null) {
            throw new ApiError(404, "notFound", "Not Found");
        }
        return e;
    }

    /**
     * The event a PATCH/PUT changes: a stored one, or for an instance of a recurring event a new exception
     * (Google keeps a changed instance as an event of its own, with {@code recurringEventId}).
     */
    private ObjectNode writable(String id) {
        ObjectNode e = visible(id);
        if (!events.containsKey(id)) {
            e.put("created", now());
            e.put("iCalUID", e.get("recurringEventId").asText() + "@google.com");
            events.put(id, e);
        }
        return e;
    }

    /** The instance {@code <eventId>_<stamp>} of a stored recurring event, derived from its rule, or null. */
    private ObjectNode derivedInstance(String id) {
        String masterId = SandboxRecurrence.masterId(id);
        ObjectNode master = masterId == null ? null : events.get(masterId);
        if (master == null || !SandboxRecurrence.isRecurring(master)) {
            return null;
        }
        for (SandboxRecurrence.Occurrence o : SandboxRecurrence.occurrences(master, null)) {
            if (o.instanceId().equals(id)) {
                ObjectNode instance = SandboxRecurrence.instance(master, o);
                if (o.excluded() || cancelled(master)) {
                    instance.put("status", "cancelled");
                }
                return instance;
            }
        }
        return null;
    }

    private ObjectNode cancelledView(ObjectNode e) {
        ObjectNode v = json.createObjectNode();
        v.put("kind", "calendar#event");
        v.set("etag", e.get("etag"));
        v.set("id", e.get("id"));
        v.put("status", "cancelled");
        v.set("updated", e.get("updated"));
        if (e.has("recurringEventId")) {
            v.set("recurringEventId", e.get("recurringEventId"));
            v.set("originalStartTime", e.get("originalStartTime"));
        }
        return v;
    }

    private static boolean cancelled(JsonNode e) {
        return "cancelled".equals(e.path("status").asText());
    }

    private void touch(String id, ObjectNode e) {
        seq++;
        e.put("etag", "\"" + (3_000_000_000_000L + seq) + "\"");
        e.put("updated", now());
        events.put(id, e);
        eventSeq.put(id, seq);
        dirty = true;
        if (push != null) {
            push.changed();
        }
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

    private void validate(ObjectNode e) {
        if (!e.has("start") || !e.has("end")) {
            throw new ApiError(400, "required", "Missing end time.");
        }
        if (end(e).isBefore(start(e))) {
            throw new ApiError(400, "timeRangeEmpty", "The specified time range is empty.");
        }
        try {
            SandboxRecurrence.validate(e);
        } catch (IllegalArgumentException invalid) {
            throw new ApiError(400, "invalid", invalid.getMessage());
        }
    }

    private boolean overlaps(JsonNode e, Instant min, Instant max) {
        return (min == null || end(e).isAfter(min)) && (max == null || start(e).isBefore(max));
    }

    /** Free-text search as Google's {@code q}: every term in summary, description, location, attendees or organizer. */
    private static boolean matchesText(JsonNode e, String q) {
        StringBuilder text = new StringBuilder();
        for (String field : List.of("summary", "description", "location")) {
            text.append(' ').append(e.path(field).asText(""));
        }
        for (JsonNode a : e.path("attendees")) {
            text.append(' ').append(a.path("displayName").asText("")).append(' ').append(a.path("email").asText(""));
        }
        text.append(' ').append(e.path("organizer").path("displayName").asText(""))
                .append(' ').append(e.path("organizer").path("email").asText(""));
        String haystack = text.toString().toLowerCase(java.util.Locale.ROOT);
        for (String term : q.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
            if (!term.isEmpty() && !haystack.contains(term)) {
                return false;
            }
        }
        return true;
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

    /** An RFC 3339 timestamp with its mandatory offset (Google refuses one without). */
    private static Instant instant(Map<String, List<String>> q, String name) {
        String rfc3339 = first(q, name);
        if (rfc3339 == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (RuntimeException e) {
            throw new ApiError(400, "badRequest", "Bad Request");
        }
    }

    private static int maxResults(Map<String, List<String>> q) {
        String raw = firstOr(q, "maxResults", "250");
        int n;
        try {
            n = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new ApiError(400, "invalidParameter", "Invalid value '" + raw + "'. Values must be within the range: [1, 2500]");
        }
        if (n < 1) {
            throw new ApiError(400, "invalidParameter", "Invalid value '" + raw + "'. Values must be within the range: [1, 2500]");
        }
        // "The page size can never be larger than 2500 events."
        return Math.min(2500, n);
    }

    private static int pageOffset(Map<String, List<String>> q) {
        String pageToken = first(q, "pageToken");
        if (pageToken == null) {
            return 0;
        }
        try {
            return Integer.parseInt(pageToken.substring(pageToken.indexOf('-') + 1));
        } catch (RuntimeException e) {
            throw new ApiError(400, "invalid", "Invalid page token value.");
        }
    }

    private static boolean bool(Map<String, List<String>> q, String name) {
        return "true".equalsIgnoreCase(first(q, name));
    }

    // ---- the secret iCal address ----------------------------------------------------------------

    /**
     * {@code GET /calendar/ical/{calendarId}/private-{token}/basic.ics}: the calendar as an iCalendar feed, with
     * an ETag and Last-Modified; a conditional GET on an unchanged calendar answers 304. Wrong token: 404.
     */
    private void handleIcal(HttpExchange http) throws IOException {
        try (http) {
            String path = http.getRequestURI().getRawPath();
            String expected = ICAL_BASE + URLEncoder.encode(calendarId, StandardCharsets.UTF_8) + "/private-"
                    + icalToken + "/basic.ics";
            if (!"GET".equals(http.getRequestMethod()) && !"HEAD".equals(http.getRequestMethod())) {
                http.sendResponseHeaders(405, -1);
                return;
            }
            if (!path.equals(expected)) {
                byte[] notFound = "Not Found".getBytes(StandardCharsets.UTF_8);
                http.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
                http.sendResponseHeaders(404, notFound.length);
                http.getResponseBody().write(notFound);
                return;
            }
            String body;
            String etag;
            Instant lastModified;
            synchronized (this) {
                etag = "\"" + tokenEpoch + "-" + seq + "\"";
                lastModified = events.values().stream().map(e -> Instant.parse(e.get("updated").asText()))
                        .max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
                String ifNoneMatch = http.getRequestHeaders().getFirst("If-None-Match");
                String ifModifiedSince = http.getRequestHeaders().getFirst("If-Modified-Since");
                boolean notModified = ifNoneMatch != null ? ifNoneMatch.equals(etag)
                        : ifModifiedSince != null && notModifiedSince(ifModifiedSince, lastModified);
                http.getResponseHeaders().set("ETag", etag);
                http.getResponseHeaders().set("Last-Modified", RFC_1123.format(lastModified));
                http.getResponseHeaders().set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
                if (notModified) {
                    http.sendResponseHeaders(304, -1);
                    return;
                }
                body = IcalFeedWriter.write(calendarId, timeZone, events.values());
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Content-Type", "text/calendar; charset=UTF-8");
            if ("HEAD".equals(http.getRequestMethod())) {
                http.sendResponseHeaders(200, -1);
                return;
            }
            http.sendResponseHeaders(200, bytes.length);
            http.getResponseBody().write(bytes);
        } catch (RuntimeException e) {
            LOG.warn("Calendar sandbox failed on the iCal feed", e);
        }
    }

    private static boolean notModifiedSince(String header, Instant lastModified) {
        try {
            Instant since = java.time.ZonedDateTime.parse(header, RFC_1123).toInstant();
            return !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
        } catch (RuntimeException e) {
            return false;
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
