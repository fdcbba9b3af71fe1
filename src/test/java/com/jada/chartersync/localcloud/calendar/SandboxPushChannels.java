package com.jada.chartersync.localcloud.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push notification channels of the sandbox ({@code events.watch}, {@code channels.stop}), posting to the
 * watcher as Google does: a {@code sync} message when the channel opens, then {@code exists} after each change
 * of the calendar's events, with the {@code X-Goog-*} headers and an empty body, until the channel expires or is
 * stopped. Notifications go out one at a time on a thread of their own, in message-number order.
 * <p>
 * Departures from Google, documented in docs/local-cloud.md: an {@code http:} address is accepted when it is on
 * the loopback interface (Google wants HTTPS with a valid certificate and a verified domain), a failed delivery is
 * not retried, channels live in memory only.
 */
final class SandboxPushChannels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxPushChannels.class);
    static final long DEFAULT_TTL_SECONDS = 604_800;
    static final long MAX_TTL_SECONDS = 2_592_000;
    private static final DateTimeFormatter RFC_1123 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    record Channel(String id, String resourceId, String address, String token, Instant expiration, AtomicLong messages) {
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "calendar-sandbox-push");
        t.setDaemon(true);
        return t;
    });
    private final String resourceId;
    private final String resourceUri;

    SandboxPushChannels(String resourceId, String resourceUri) {
        this.resourceId = resourceId;
        this.resourceUri = resourceUri;
    }

    /** {@code POST calendars/{id}/events/watch}: opens a channel and answers Google's Channel resource. */
    ObjectNode watch(ObjectNode request, ObjectMapper json) {
        String id = request.path("id").asText("");
        if (id.isBlank()) {
            throw new CalendarSandbox.ApiError(400, "required", "Required: channel id");
        }
        String type = request.path("type").asText("");
        if (!"web_hook".equals(type) && !"webhook".equals(type)) {
            throw new CalendarSandbox.ApiError(400, "invalid", "Invalid channel type: " + type);
        }
        String address = request.path("address").asText("");
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new CalendarSandbox.ApiError(400, "invalid", "Invalid WebHook address: " + address);
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback(uri.getHost())))) {
            throw new CalendarSandbox.ApiError(400, "push.webhookUrlNotHttps", "WebHook callback must be HTTPS: " + address);
        }
        expireOld();
        if (channels.containsKey(id)) {
            throw new CalendarSandbox.ApiError(400, "channelIdNotUnique", "Channel id " + id + " not unique");
        }
        long ttl = DEFAULT_TTL_SECONDS;
        JsonNode ttlParam = request.path("params").path("ttl");
        if (!ttlParam.isMissingNode()) {
            try {
                ttl = Long.parseLong(ttlParam.asText());
            } catch (NumberFormatException e) {
                throw new CalendarSandbox.ApiError(400, "invalid", "Invalid value for params.ttl: " + ttlParam.asText());
            }
            if (ttl <= 0) {
                throw new CalendarSandbox.ApiError(400, "invalid", "Invalid value for params.ttl: " + ttl);
            }
        }
        Instant expiration = Instant.now().plusSeconds(Math.min(ttl, MAX_TTL_SECONDS)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String token = request.hasNonNull("token") ? request.get("token").asText() : null;
        Channel channel = new Channel(id, resourceId, address, token, expiration, new AtomicLong());
        channels.put(id, channel);
        send(channel, "sync");
        ObjectNode out = json.createObjectNode();
        out.put("kind", "api#channel");
        out.put("id", id);
        out.put("resourceId", resourceId);
        out.put("resourceUri", resourceUri);
        if (token != null) {
            out.put("token", token);
        }
        out.put("expiration", Long.toString(expiration.toEpochMilli()));
        return out;
    }

    /** {@code POST channels/stop}: stops the channel named by id and resourceId; unknown → 404. */
    void stop(JsonNode request) {
        String id = request.path("id").asText("");
        Channel channel = channels.get(id);
        if (channel == null || !channel.resourceId().equals(request.path("resourceId").asText())) {
            throw new CalendarSandbox.ApiError(404, "notFound", "Channel '" + id + "' not found for project 'jada-local'");
        }
        channels.remove(id);
    }

    /** After a change of the calendar's events: one {@code exists} message on every open channel. */
    void changed() {
        expireOld();
        channels.values().forEach(c -> send(c, "exists"));
    }

    /** The token a channel was opened with (null: none, or no such channel), as Google knows it. */
    String token(String id) {
        Channel c = channels.get(id);
        return c == null ? null : c.token();
    }

    List<String> openChannelIds() {
        expireOld();
        return List.copyOf(channels.keySet());
    }

    private void expireOld() {
        Instant now = Instant.now();
        channels.values().removeIf(c -> !c.expiration().isAfter(now));
    }

    private void send(Channel channel, String state) {
        long number = channel.messages().incrementAndGet();
        try {
            sender.execute(() -> deliver(channel, state, number));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the sandbox is stopping
        }
    }

    private void deliver(Channel channel, String state, long number) {
        if (!channels.containsKey(channel.id())) {
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(channel.address()))
                .timeout(Duration.ofSeconds(10))
                .header("X-Goog-Channel-ID", channel.id())
                .header("X-Goog-Channel-Expiration", RFC_1123.format(channel.expiration()))
                .header("X-Goog-Resource-ID", channel.resourceId())
                .header("X-Goog-Resource-URI", resourceUri)
                .header("X-Goog-Resource-State", state)
                .header("X-Goog-Message-Number", Long.toString(number))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (channel.token() != null) {
            request.header("X-Goog-Channel-Token", channel.token());
        }
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2 && status != 102) {
                LOG.warn("Push channel {}: {} message {} answered {}", channel.id(), state, number, status);
            }
        } catch (java.io.IOException e) {
            LOG.warn("Push channel {}: {} message {} not delivered: {}", channel.id(), state, number, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    @Override
    public void close() {
        channels.clear();
        sender.shutdownNow();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
