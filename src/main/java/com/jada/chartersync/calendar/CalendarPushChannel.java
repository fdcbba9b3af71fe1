package com.jada.chartersync.calendar;

import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Channel;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.leader.Leadership;
import com.jada.chartersync.sync.CycleRequests;
import com.jada.chartersync.sync.SyncCycles;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.calendar.GoogleCalendarComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Google push notifications for the calendar ({@code charter.calendar.push.enabled}, API source only). Once the
 * runtime is ready it opens an {@code events.watch} channel whose webhook is its own
 * {@code public-base-url + path}, with a random token; it renews the channel before it expires (a new channel first,
 * then the old one stopped), stops it on shutdown ({@code channels.stop}), and retries with backoff while Google
 * refuses. A notification is accepted only with a channel id this runtime opened and that channel's token; each
 * {@code exists} message asks for one incremental cycle, and a burst within {@code debounce} makes one cycle. The poll
 * timer stays on as the fallback ({@link CalendarPoll}). Only the leader keeps a channel: it opens one when it
 * starts leading and stops it when it stops. Google posts to one address, which a load balancer may send to any
 * replica, so the channel (its id, its token's digest, its expiry) is kept in the sync-state table too
 * ({@link SharedChannel}): a follower accepts the notification and leaves the cycle for the leader
 * ({@link CycleRequests}).
 */
@Component
@ConditionalOnExpression("'${charter.calendar.source:api}' == 'api' and ${charter.calendar.push.enabled:false}")
public class CalendarPushChannel implements ApplicationContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(CalendarPushChannel.class);
    private static final Duration MAX_RETRY = Duration.ofMinutes(15);

    /** What the webhook answers a notification with. */
    public enum Acceptance { ACCEPTED, UNKNOWN_CHANNEL, WRONG_TOKEN }

    /** One open channel (Google's id and resource id, our token, its expiry). */
    record Open(String id, String resourceId, String token, Instant expiration) {
    }

    private final CamelContext camel;
    private final SyncCycles cycles;
    private final Leadership leadership;
    private final CycleRequests requests;
    private final SharedChannel shared;
    private final Environment environment;
    private final CharterSyncProperties.Push push;
    private final String calendarId;
    private final SecureRandom random = new SecureRandom();
    /** Channels whose notifications are accepted: the current one and, while renewing, its predecessor. */
    private final Map<String, Open> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean cyclePending = new AtomicBoolean();
    private final AtomicLong notifications = new AtomicLong();
    private final AtomicLong pushCycles = new AtomicLong();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "calendar-push");
        t.setDaemon(true);
        return t;
    });
    private volatile Open current;
    private volatile Calendar client;
    private ApplicationContext context;
    private volatile Duration retry = Duration.ofSeconds(5);
    private volatile boolean stopping;

    public CalendarPushChannel(CamelContext camel, SyncCycles cycles, Environment environment, CharterSyncProperties properties,
                               Leadership leadership, CycleRequests requests, SharedChannel shared) {
        this.camel = camel;
        this.cycles = cycles;
        this.leadership = leadership;
        this.requests = requests;
        this.shared = shared;
        this.environment = environment;
        this.push = properties.calendar().push();
        this.calendarId = properties.calendar().id();
    }

    /** From the moment the runtime is ready: a channel while this replica leads, none while it does not. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        leadership.onChange(leads -> {
            try {
                scheduler.execute(leads ? this::open : this::stepDown);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                LOG.debug("Push channel: leadership change after shutdown");
            }
        });
    }

    /** This replica stopped leading: its channel is stopped, and the next leader opens one of its own. */
    private void stepDown() {
        Open c = current;
        current = null;
        if (c != null) {
            stop(c);
        }
    }

    /** True while a channel is open and not expired: the poll timer is then only the fallback. */
    public boolean active() {
        Open c = current;
        return c != null && c.expiration().isAfter(Instant.now());
    }

    /** Checks a notification's channel id and token; an accepted {@code exists} asks for a (debounced) cycle. */
    public Acceptance accept(String channelId, String token, String resourceState) {
        Open channel = channelId == null ? null : channels.get(channelId);
        if (channel != null) {
            if (token == null || !MessageDigest.isEqual(channel.token().getBytes(StandardCharsets.UTF_8),
                    token.getBytes(StandardCharsets.UTF_8))) {
                return Acceptance.WRONG_TOKEN;
            }
        } else {
            // another replica's channel (the leader's), as the sync-state table holds it
            Acceptance a = channelId == null ? Acceptance.UNKNOWN_CHANNEL : sharedCheck(channelId, token);
            if (a != Acceptance.ACCEPTED) {
                return a;
            }
        }
        notifications.incrementAndGet();
        if (!"sync".equals(resourceState)) {
            if (leadership.leads()) {
                requestCycle();
            } else {
                requests.request("push", false, leadership.replicaId());
            }
        }
        return Acceptance.ACCEPTED;
    }

    /** The leader's channel as the table holds it; unreadable, the notification is refused (the poll catches up). */
    private Acceptance sharedCheck(String channelId, String token) {
        try {
            return shared.check(channelId, token);
        } catch (RuntimeException e) {
            LOG.warn("Calendar notification on channel {} not checked: the shared channel could not be read ({})",
                    channelId, e.getMessage());
            return Acceptance.UNKNOWN_CHANNEL;
        }
    }

    /** What the health page shows of the channel (never its token). */
    public Map<String, Object> describe() {
        Open c = current;
        return Map.of("active", active(), "channelId", c == null ? "" : c.id(),
                "expiresAt", c == null ? "" : c.expiration().toString(),
                "notifications", notifications.get(), "cycles", pushCycles.get());
    }

    private void requestCycle() {
        if (cyclePending.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                cyclePending.set(false);
                try {
                    pushCycles.incrementAndGet();
                    cycles.runCycle("push");
                } catch (RuntimeException e) {
                    LOG.warn("Cycle after a calendar notification failed: {}", e.toString());
                }
            }, push.debounce().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Opens a channel (the first, or the next one before the current expires), then stops the one it replaces. */
    private void open() {
        if (stopping || !leadership.leads()) {
            return;
        }
        Open previous = current;
        Open next = new Open(UUID.randomUUID().toString(), null, token(), null);
        // accepted from now on: Google's first message (sync) may arrive before the watch call returns
        channels.put(next.id(), next);
        try {
            Channel answer = client().events().watch(calendarId, new Channel().setId(next.id()).setType("web_hook")
                    .setAddress(address()).setToken(next.token())
                    .setParams(Map.of("ttl", Long.toString(push.ttl().toSeconds())))).execute();
            Instant expiration = answer.getExpiration() == null ? Instant.now().plus(push.ttl())
                    : Instant.ofEpochMilli(answer.getExpiration());
            Open opened = new Open(next.id(), answer.getResourceId(), next.token(), expiration);
            channels.put(opened.id(), opened);
            current = opened;
            try {
                shared.publish(opened.id(), opened.token(), expiration);
            } catch (RuntimeException e) {
                // this replica still accepts its own channel's notifications; the others refuse them until renewal
                LOG.warn("Push channel {} not shared with the other replicas: {}", opened.id(), e.getMessage());
            }
            retry = Duration.ofSeconds(5);
            LOG.info("Calendar push channel {} open until {}: notifications go to {}", opened.id(), expiration, address());
            if (previous != null) {
                stop(previous);
            }
            Duration lifetime = Duration.between(Instant.now(), expiration);
            Duration margin = push.renewBefore().compareTo(lifetime.dividedBy(2)) < 0 ? push.renewBefore() : lifetime.dividedBy(2);
            scheduler.schedule(this::open, Math.max(1_000, lifetime.minus(margin).toMillis()), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            channels.remove(next.id());
            LOG.warn("Could not open a calendar push channel ({}); polling meanwhile, next try in {}s",
                    reason(e), retry.toSeconds());
            scheduler.schedule(this::open, retry.toMillis(), TimeUnit.MILLISECONDS);
            Duration doubled = retry.multipliedBy(2);
            retry = doubled.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : doubled;
        }
    }

    private void stop(Open channel) {
        channels.remove(channel.id());
        if (channel.resourceId() == null || !channel.expiration().isAfter(Instant.now())) {
            return;
        }
        try {
            client().channels().stop(new Channel().setId(channel.id()).setResourceId(channel.resourceId())).execute();
            LOG.info("Calendar push channel {} stopped", channel.id());
        } catch (Exception e) {
            LOG.warn("Could not stop calendar push channel {} ({}); it ends at {}", channel.id(), reason(e), channel.expiration());
        }
    }

    /**
     * Stops the channel when this runtime's context starts closing, while everything it needs still runs (beans
     * are destroyed afterwards, in an order that may close a local calendar first). A child context closing (an
     * embedded service's) is not this runtime stopping.
     */
    @EventListener
    public void closing(ContextClosedEvent event) {
        if (context != null && event.getApplicationContext() == context) {
            shutdown();
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    /** Stops the channel (once); also the destroy method, for a context closed without its event. */
    @PreDestroy
    void shutdown() {
        stopping = true;
        scheduler.shutdownNow();
        Open c = current;
        current = null;
        if (c != null) {
            stop(c);
        }
    }

    /** The webhook, resolved when the channel opens (the local profile names the port the server got). */
    private String address() {
        String base = environment.getProperty("charter.calendar.push.public-base-url", "");
        return base.replaceAll("/+$", "") + push.path();
    }

    /** The component's Google client, kept once made: on shutdown Camel may already have stopped its components. */
    private Calendar client() {
        Calendar c = client;
        if (c == null) {
            GoogleCalendarComponent component = camel.getComponent("google-calendar", GoogleCalendarComponent.class);
            c = component.getClient(component.getConfiguration());
            client = c;
        }
        return c;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String reason(Exception e) {
        if (e instanceof com.google.api.client.googleapis.json.GoogleJsonResponseException g && g.getDetails() != null) {
            return g.getStatusCode() + " " + g.getDetails().getMessage();
        }
        return e.toString();
    }
}
