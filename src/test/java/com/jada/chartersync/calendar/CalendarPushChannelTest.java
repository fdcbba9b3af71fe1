package com.jada.chartersync.calendar;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.localcloud.calendar.CalendarSandbox;
import org.apache.camel.component.google.calendar.GoogleCalendarComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * The runtime's side of push notifications against the calendar sandbox, without Spring: the channel opens, is
 * renewed before it expires, is stopped on shutdown; a notification counts only with its channel's id and token; a
 * burst of notifications is one cycle.
 */
class CalendarPushChannelTest {

    private CalendarSandbox sandbox;
    private DefaultCamelContext camel;
    private final SyncCycles cycles = mock(SyncCycles.class);
    private final com.jada.chartersync.leader.Leadership leadership = mock(com.jada.chartersync.leader.Leadership.class);
    private final com.jada.chartersync.sync.CycleRequests requests = mock(com.jada.chartersync.sync.CycleRequests.class);
    private final SharedChannel shared = mock(SharedChannel.class);
    /** What the channel does when leadership changes, as it registered with {@link com.jada.chartersync.leader.Leadership#onChange}. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<Boolean>> onLeadership =
            new java.util.concurrent.atomic.AtomicReference<>();
    private CalendarPushChannel push;

    @BeforeEach
    void start() throws Exception {
        sandbox = new CalendarSandbox(null, "cal", "America/Los_Angeles").start("127.0.0.1", 0);
        camel = new DefaultCamelContext();
        GoogleCalendarComponent component = new GoogleCalendarComponent(camel);
        String base = "http://127.0.0.1:" + sandbox.port();
        // the sandbox answers only with an access token, refreshed at its own token endpoint, as Google does
        component.setClientFactory(new ConfigurableCalendarClientFactory(base + "/", java.net.URI.create(base + "/token"),
                "oauth", null, new CalendarAccess()));
        org.apache.camel.component.google.calendar.GoogleCalendarConfiguration configuration =
                new org.apache.camel.component.google.calendar.GoogleCalendarConfiguration();
        configuration.setClientId(CalendarSandbox.LOCAL_CLIENT_ID);
        configuration.setClientSecret(CalendarSandbox.LOCAL_CLIENT_SECRET);
        configuration.setRefreshToken(CalendarSandbox.LOCAL_REFRESH_TOKEN);
        component.setConfiguration(configuration);
        camel.addComponent("google-calendar", component);
    }

    @AfterEach
    void stop() throws Exception {
        if (push != null) {
            push.shutdown();
        }
        camel.close();
        sandbox.close();
    }

    private CalendarPushChannel channel(Duration ttl, Duration renewBefore) {
        CharterSyncProperties.Push settings = new CharterSyncProperties.Push(true, null, "/hook", ttl, renewBefore,
                Duration.ofMillis(200), Duration.ofMinutes(15));
        CharterSyncProperties properties = new CharterSyncProperties(new CharterSyncProperties.Calendar("cal",
                ZoneId.of("America/Los_Angeles"), null, null, null, null, null, 250, null, null, null, null, null, "api", null,
                settings), null, null, null, null, null, null, null);
        // nobody listens there: the sandbox's deliveries fail quietly, the test hands notifications over itself
        MockEnvironment env = new MockEnvironment().withProperty("charter.calendar.push.public-base-url", "http://127.0.0.1:9");
        // this replica leads unless a test says otherwise; the listener is told at once, as Leadership does
        org.mockito.Mockito.when(leadership.leads()).thenReturn(true);
        org.mockito.Mockito.when(leadership.replicaId()).thenReturn("replica-a");
        org.mockito.Mockito.when(shared.check(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any()))
                .thenReturn(CalendarPushChannel.Acceptance.UNKNOWN_CHANNEL);
        org.mockito.Mockito.doAnswer(call -> {
            java.util.function.Consumer<Boolean> listener = call.getArgument(0);
            onLeadership.set(listener);
            listener.accept(leadership.leads());
            return null;
        }).when(leadership).onChange(org.mockito.ArgumentMatchers.any());
        push = new CalendarPushChannel(camel, cycles, env, properties, leadership, requests, shared);
        return push;
    }

    @Test
    void opensAChannelAndAcceptsNotificationsOnlyWithItsIdAndToken() throws Exception {
        CalendarPushChannel push = channel(Duration.ofHours(1), Duration.ofMinutes(5));
        push.ready();
        waitFor(() -> sandbox.openChannelIds().size() == 1 && push.active(), "a channel open");
        String id = sandbox.openChannelIds().get(0);
        String token = sandbox.channelToken(id);

        assertThat(token).as("the channel carries a token").isNotBlank();
        assertThat(push.accept("someone-elses", token, "exists")).isEqualTo(CalendarPushChannel.Acceptance.UNKNOWN_CHANNEL);
        assertThat(push.accept(id, "guessed", "exists")).isEqualTo(CalendarPushChannel.Acceptance.WRONG_TOKEN);
        assertThat(push.accept(id, null, "exists")).isEqualTo(CalendarPushChannel.Acceptance.WRONG_TOKEN);
        assertThat(push.accept(id, token, "sync")).isEqualTo(CalendarPushChannel.Acceptance.ACCEPTED);
        verify(cycles, after(400).never()).runCycle("push");
    }

    @Test
    void aBurstOfNotificationsIsOneCycle() throws Exception {
        CalendarPushChannel push = channel(Duration.ofHours(1), Duration.ofMinutes(5));
        push.ready();
        waitFor(() -> push.active(), "a channel open");
        String id = sandbox.openChannelIds().get(0);
        for (int i = 0; i < 5; i++) {
            assertThat(push.accept(id, sandbox.channelToken(id), "exists")).isEqualTo(CalendarPushChannel.Acceptance.ACCEPTED);
        }
        verify(cycles, timeout(2_000).times(1)).runCycle("push");
        verify(cycles, after(500).times(1)).runCycle("push");
        push.accept(id, sandbox.channelToken(id), "exists");
        verify(cycles, timeout(2_000).times(2)).runCycle("push");
    }

    @Test
    void theChannelIsRenewedBeforeItExpiresAndStoppedOnShutdown() throws Exception {
        CalendarPushChannel push = channel(Duration.ofSeconds(3), Duration.ofSeconds(2));
        push.ready();
        waitFor(() -> sandbox.openChannelIds().size() == 1, "a channel open");
        String first = sandbox.openChannelIds().get(0);

        waitFor(() -> sandbox.openChannelIds().size() == 1 && !sandbox.openChannelIds().contains(first),
                "the first channel replaced by a new one and stopped");
        List<String> renewed = sandbox.openChannelIds();
        assertThat(push.accept(first, "anything", "exists")).as("the old channel's messages").isEqualTo(CalendarPushChannel.Acceptance.UNKNOWN_CHANNEL);
        assertThat(push.active()).isTrue();

        push.shutdown();
        this.push = null;
        assertThat(sandbox.openChannelIds()).as("stopped with channels.stop, not left to expire: was %s", renewed).isEmpty();
        assertThat(push.active()).isFalse();
    }

    @Test
    void onlyTheLeaderKeepsAChannelAndSharesItAndStopsItWhenItStepsDown() throws Exception {
        CalendarPushChannel push = channel(Duration.ofHours(1), Duration.ofMinutes(5));
        push.ready();
        waitFor(() -> sandbox.openChannelIds().size() == 1 && push.active(), "a channel open");
        String id = sandbox.openChannelIds().get(0);
        verify(shared).publish(org.mockito.ArgumentMatchers.eq(id), org.mockito.ArgumentMatchers.eq(sandbox.channelToken(id)),
                org.mockito.ArgumentMatchers.any());

        org.mockito.Mockito.when(leadership.leads()).thenReturn(false);
        onLeadership.get().accept(false);
        waitFor(() -> sandbox.openChannelIds().isEmpty(), "the channel stopped with channels.stop");
        assertThat(push.active()).isFalse();
    }

    @Test
    void aFollowerAcceptsTheLeadersChannelAndLeavesTheCycleToTheLeader() throws Exception {
        CalendarPushChannel push = channel(Duration.ofHours(1), Duration.ofMinutes(5));
        org.mockito.Mockito.when(leadership.leads()).thenReturn(false);
        push.ready();
        org.mockito.Mockito.when(shared.check("leaders-channel", "its-token")).thenReturn(CalendarPushChannel.Acceptance.ACCEPTED);
        org.mockito.Mockito.when(shared.check("leaders-channel", "guessed")).thenReturn(CalendarPushChannel.Acceptance.WRONG_TOKEN);

        assertThat(push.accept("leaders-channel", "guessed", "exists")).isEqualTo(CalendarPushChannel.Acceptance.WRONG_TOKEN);
        assertThat(push.accept("leaders-channel", "its-token", "exists")).isEqualTo(CalendarPushChannel.Acceptance.ACCEPTED);
        verify(requests).request("push", false, "replica-a");
        verify(cycles, after(400).never()).runCycle("push");
        assertThat(sandbox.openChannelIds()).as("a follower opens no channel").isEmpty();
    }

    private static org.mockito.verification.VerificationAfterDelay after(long millis) {
        return org.mockito.Mockito.after(millis);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
