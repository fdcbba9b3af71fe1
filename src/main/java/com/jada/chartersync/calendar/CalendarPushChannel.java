package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.leader.Leadership;
import com.jada.chartersync.sync.CycleRequests;
import com.jada.chartersync.sync.SyncCycles;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * timer stays on as the fallback ({@link CalendarPoll}). Only the leader keeps a channel, from when it starts leading
 * to when it stops. Google posts to one address, which a load balancer may send to any replica, so the channel (id,
 * token's digest, expiry) is also in the sync-state table ({@link SharedChannel}): a follower accepts the
 * notification and leaves the cycle for the leader ({@link CycleRequests}).
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

    private final GoogleChannels google;
    private final SyncCycles cycles;
    private final Leadership leadership;
    private final CycleRequests requests;
    private final SharedChannel shared;
    private final CharterSyncProperties.Push push;
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
    private ApplicationContext context;
    private volatile Duration retry = Duration.ofSeconds(5);
    private volatile boolean stopping;

    public CalendarPushChannel(CamelContext camel, SyncCycles cycles, Environment environment, CharterSyncProperties properties,
                               Leadership leadership, CycleRequests requests, SharedChannel shared) {
        this.google = new GoogleChannels(camel, environment, properties.calendar().push(), properties.calendar().id());
        this.cycles = cycles;
        this.leadership = leadership;
        this.requests = requests;
        this.shared = shared;
        this.push = properties.calendar().push();
    }

    /** From the moment the runtime is ready: a channel while this replica leads, none while it does not. */
    @EventListener(ApplicationReadyEvent.class)
    public void ready() {
        leadership.onChange(leads -> {
            try {
                scheduler.execute(leads ? this::open : this::stepDown);
            } catch (RejectedExecutionException stopping) {
                LOG.debug("Push channel: leadership change after shutdown");
            }
        });
    }

    /** This replica stopped leading (or stops): its channel is stopped, and the next leader opens one of its own. */
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
        Open next = google.newChannel();
        // accepted from now on: Google's first message (sync) may arrive before the watch call returns
        channels.put(next.id(), next);
        try {
            Open opened = google.watch(next);
            Instant expiration = opened.expiration();
            channels.put(opened.id(), opened);
            current = opened;
            try {
                shared.publish(opened.id(), opened.token(), expiration);
            } catch (RuntimeException e) {
                // this replica still accepts its own channel's notifications; the others refuse them until renewal
                LOG.warn("Push channel {} not shared with the other replicas: {}", opened.id(), e.getMessage());
            }
            retry = Duration.ofSeconds(5);
            LOG.info("Calendar push channel {} open until {}: notifications go to {}", opened.id(), expiration,
                    google.address());
            if (previous != null) {
                stop(previous);
            }
            scheduler.schedule(this::open, google.renewInMs(opened), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            channels.remove(next.id());
            LOG.warn("Could not open a calendar push channel ({}); polling meanwhile, next try in {}s",
                    GoogleChannels.reason(e), retry.toSeconds());
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
            google.stop(channel);
            LOG.info("Calendar push channel {} stopped", channel.id());
        } catch (Exception e) {
            LOG.warn("Could not stop calendar push channel {} ({}); it ends at {}", channel.id(), GoogleChannels.reason(e), channel.expiration());
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
        stepDown();
    }
}
