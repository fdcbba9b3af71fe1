package com.jada.chartersync.deadletter;

import com.jada.chartersync.text.Hashes;
import com.jada.chartersync.waiver.WaiverVerification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.json.GenericJson;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.cycle.PublishedPage;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.Exchange;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What a failed message's body says about itself: its entry id, type, calendar event and version, and its text. */
final class DeadLetterPayloads {

    private static final int MAX_PAYLOAD = 64_000;
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private DeadLetterPayloads() {
    }

    /** The entry for a failed message: when its cause can pass, its first redrive is due after the policy's delay. */
    static DeadLetterEntry entry(Exchange exchange, Object failed, String routeId, String reason, Throwable cause,
                                 SyncCycle cycle, RedrivePolicy policy) {
        // a page with the waiver system's answer (route page-record) is that page: its event, so a redrive finds it
        Object body = failed instanceof WaiverVerification.CheckedPage checked ? checked.page() : failed;
        String payload = serialize(body);
        RedrivePolicy.Cause waitsFor = RedrivePolicy.classify(cause);
        return new DeadLetterEntry(entryId(body, routeId, payload), routeId, reason,
                cause == null ? "" : cause.getClass().getName(), payloadType(body), payload, calendarEventId(body),
                calendarEtag(body), eventReference(exchange, body), cycle == null ? null : cycle.id(), Instant.now(),
                waitsFor.stored(), waitsFor == RedrivePolicy.Cause.TRANSIENT ? policy.nextTry(0) : null);
    }

    /** The journal's lines as the API lists entries, each marked {@code journaled}; unreadable lines left out. */
    static List<Map<String, Object>> journaled(List<String> lines) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : lines) {
            try {
                Map<String, Object> m = JSON.readValue(line, DeadLetterEntry.class).view();
                m.put("journaled", true);
                out.add(m);
            } catch (IOException e) {
                LoggerFactory.getLogger(DeadLetterStore.class).warn("Unreadable line in the dead-letter journal: {}",
                        e.getMessage());
            }
        }
        return out;
    }

    /** The event a dead letter belongs to, as the board and the API name it. */
    static String eventReference(Exchange exchange, Object body) {
        if (body instanceof Event event) {
            return "calendar:" + event.getId();
        }
        if (body instanceof PublishedPage page) {
            return page.eventId();
        }
        return exchange.getVariable("eventId", String.class);
    }

    /**
     * One entry per (calendar event version, step), however many cycles or replays meet the same failure; a
     * payload with no event (a list of events) is keyed by its content and step.
     */
    static String entryId(Object body, String routeId, String payload) {
        if (body instanceof Event event && event.getId() != null) {
            return "calendar-" + event.getId() + "-" + clean(event.getEtag()) + "-" + routeId;
        }
        if (body instanceof PublishedPage page && page.eventId() != null) {
            return "page-" + page.eventId() + "-" + clean(page.calendarEtag()) + "-" + routeId;
        }
        if (payload != null && !payload.isEmpty()) {
            return "payload-" + Hashes.sha256(payload).substring(0, 16) + "-" + routeId;
        }
        return Instant.now().toString().substring(0, 19).replace(":", "") + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String payloadType(Object body) {
        if (body == null) {
            return "none";
        }
        if (body instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Event.class::isInstance)) {
            return "EventList";
        }
        return body.getClass().getSimpleName();
    }

    /** The calendar event the failure belongs to; for a list of events, their ids joined by commas. */
    static String calendarEventId(Object body) {
        if (body instanceof Event event) {
            return event.getId();
        }
        if ("EventList".equals(payloadType(body))) {
            return String.join(",", ((List<?>) body).stream().map(e -> ((Event) e).getId()).toList());
        }
        if (body instanceof PublishedPage page) {
            return page.calendarEventId();
        }
        return null;
    }

    /** The calendar version the failure belongs to; null for a list of events. */
    static String calendarEtag(Object body) {
        if (body instanceof Event event) {
            return event.getEtag();
        }
        if (body instanceof PublishedPage page) {
            return page.calendarEtag();
        }
        return null;
    }

    static String serialize(Object body) {
        return truncate(text(body));
    }

    private static String text(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof GenericJson google) {
            return google(google);
        }
        if (body instanceof List<?> list && "EventList".equals(payloadType(body))) {
            return "[" + String.join(",", list.stream().map(e -> google((GenericJson) e)).toList()) + "]";
        }
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }

    private static String google(GenericJson value) {
        try {
            return GsonFactory.getDefaultInstance().toString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }

    /** The reason an entry keeps: the exception's message and, when it wraps one, its root cause's (at most 2000 characters). */
    static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (cause: " + root.getMessage() + ")";
        return msg.length() > 2000 ? msg.substring(0, 2000) : msg;
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String truncate(String s) {
        return s.length() > MAX_PAYLOAD ? s.substring(0, MAX_PAYLOAD) : s;
    }
}
