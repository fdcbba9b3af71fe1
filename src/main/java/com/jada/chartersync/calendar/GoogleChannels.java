package com.jada.chartersync.calendar;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Channel;
import com.jada.chartersync.calendar.CalendarPushChannel.Open;
import com.jada.chartersync.config.CharterSyncProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.google.calendar.GoogleCalendarComponent;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/** Google's side of a push channel: {@code events.watch} and {@code channels.stop}, through the component's client. */
final class GoogleChannels {

    private final CamelContext camel;
    private final Environment environment;
    private final CharterSyncProperties.Push push;
    private final String calendarId;
    private final SecureRandom random = new SecureRandom();
    private volatile Calendar client;

    GoogleChannels(CamelContext camel, Environment environment, CharterSyncProperties.Push push, String calendarId) {
        this.camel = camel;
        this.environment = environment;
        this.push = push;
        this.calendarId = calendarId;
    }

    /** A new channel's id and random token, not yet opened. */
    Open newChannel() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new Open(UUID.randomUUID().toString(), null, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes),
                null);
    }

    /** When to open the next channel: {@code renew-before} ahead of the expiry, at most half the lifetime. */
    long renewInMs(Open opened) {
        Duration lifetime = Duration.between(Instant.now(), opened.expiration());
        Duration half = lifetime.dividedBy(2);
        Duration margin = push.renewBefore().compareTo(half) < 0 ? push.renewBefore() : half;
        return Math.max(1_000, lifetime.minus(margin).toMillis());
    }

    /** Opens the channel with this id and token; answers it with Google's resource id and expiry. */
    Open watch(Open next) throws IOException {
        Channel answer = client().events().watch(calendarId, new Channel().setId(next.id()).setType("web_hook")
                .setAddress(address()).setToken(next.token())
                .setParams(Map.of("ttl", Long.toString(push.ttl().toSeconds())))).execute();
        Instant expiration = answer.getExpiration() == null ? Instant.now().plus(push.ttl())
                : Instant.ofEpochMilli(answer.getExpiration());
        return new Open(next.id(), answer.getResourceId(), next.token(), expiration);
    }

    void stop(Open channel) throws IOException {
        client().channels().stop(new Channel().setId(channel.id()).setResourceId(channel.resourceId())).execute();
    }

    /** The webhook, resolved when the channel opens (the local profile names the port the server got). */
    String address() {
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

    /** Google's status and message when it refused, else the exception. */
    static String reason(Exception e) {
        if (e instanceof GoogleJsonResponseException g && g.getDetails() != null) {
            return g.getStatusCode() + " " + g.getDetails().getMessage();
        }
        return e.toString();
    }
}
