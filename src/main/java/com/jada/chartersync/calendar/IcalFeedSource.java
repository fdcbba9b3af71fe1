package com.jada.chartersync.calendar;

import com.jada.chartersync.text.Hashes;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.config.CallCounter;
import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.cycle.SyncCycle;
import org.apache.camel.ExchangeProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code ical} calendar source: the calendar's secret iCal address ({@code charter.calendar.ical-url}), for an
 * operation without an OAuth client. Each cycle makes one conditional GET (If-None-Match / If-Modified-Since); an
 * unchanged feed (304, or the same bytes) ends the read with nothing to do and nothing written. A changed feed is
 * parsed ({@link IcalFeedParser}: the same window and instance ids as the API) and compared with what the last
 * committed cycle saw ({@link FeedStateStore}): new and changed events go on, and an event that left the feed, or
 * that the feed now cancels, goes on as cancelled. One that only left the window is forgotten, as with the API.
 * <p>
 * The address is a secret (whoever has it reads the calendar): it is read with the JDK's HTTP client rather than a
 * Camel endpoint, whose URI Hawtio and JMX would show, and no message or log line carries it. The feed is
 * read-only: {@link #patch} refuses.
 */
@Component("calendarSource")
@ConditionalOnProperty(name = "charter.calendar.source", havingValue = "ical")
public class IcalFeedSource implements CalendarSource {

    private final URI feed;
    private final String feedText;
    private final String feedKey;
    private final IcalFeedParser parser;
    private final CalendarWindow window;
    private final FeedStateStore store;
    private final CallCounter calls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    /** The state each uncommitted cycle would save, by cycle id (cycles run one at a time: at most one entry). */
    private final Map<String, FeedStateStore.FeedState> pending = new ConcurrentHashMap<>();
    /** The last feed fetched, for the board and single-event reads between cycles. */
    private volatile Fetched last;

    public IcalFeedSource(CharterSyncProperties properties, CalendarWindow window, FeedStateStore store, CallCounter calls) {
        String url = properties.calendar().icalUrl();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("charter.calendar.source=ical needs charter.calendar.ical-url (CHARTER_CALENDAR_ICAL_URL)");
        }
        this.feedText = url.strip();
        this.feed = URI.create(feedText.startsWith("webcal://") ? "https://" + feedText.substring(9) : feedText);
        String id = properties.calendar().id();
        this.feedKey = id == null || id.isBlank() ? "ical" : id;
        this.parser = new IcalFeedParser(properties.calendar().timeZone());
        this.window = window;
        this.store = store;
        this.calls = calls;
    }

    @Override
    public List<Event> read(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        pending.clear();
        Instant now = Instant.now();
        boolean reconcile = cycle.reconciling();
        FeedStateStore.FeedState stored = store.load(feedKey);
        // saved for another window: start over, as the API source does with its sync token
        FeedStateStore.FeedState before = stored != null && window.key().equals(stored.windowKey()) ? stored : null;
        Fetched fetched = fetch(reconcile || before == null ? null : before.etag(),
                reconcile || before == null ? null : before.lastModified());
        if (fetched == null || (!reconcile && before != null && fetched.hash().equals(before.bodyHash()))) {
            cycle.calendarRead("ical-unchanged", null, null);
            return List.of();
        }
        IcalFeedParser.FeedEvents events = parser.parse(fetched.body(), window.start(now), window.end(now));
        List<Event> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        events.active().forEach((id, e) -> {
            seen.put(id, e.getEtag());
            if (reconcile || before == null || !e.getEtag().equals(before.instances().get(id))) {
                out.add(e);
            }
        });
        if (before != null) {
            before.instances().forEach((id, etag) -> {
                if (!events.active().containsKey(id) && !events.outside().containsKey(id)) {
                    out.add(cancelled(id, etag, fetched.hash()));
                }
            });
        }
        if (before == null || !seen.equals(before.instances()) || reconcile && !fetched.hash().equals(before.bodyHash())) {
            pending.put(cycle.id(), new FeedStateStore.FeedState(window.key(), fetched.etag(), fetched.lastModified(),
                    fetched.hash(), seen));
        }
        cycle.calendarRead(reconcile ? "ical-reconcile" : before == null ? "ical-full" : "ical-changes", null, null);
        cycle.eventsSeen(out.size());
        return out;
    }

    /** Saves what this cycle read once its events were processed (failures are in the dead-letter store). */
    @Override
    public void commit(@ExchangeProperty(SyncCycle.PROPERTY) SyncCycle cycle) {
        FeedStateStore.FeedState state = pending.remove(cycle.id());
        if (state != null) {
            store.save(feedKey, state);
        }
    }

    @Override
    public List<Event> currentWindow() {
        Instant now = Instant.now();
        return new ArrayList<>(parser.parse(current().body(), window.start(now), window.end(now)).active().values());
    }

    @Override
    public List<Event> between(Instant from, Instant to) {
        return new ArrayList<>(parser.parse(current().body(), from, to).active().values());
    }

    /** The event or instance as the feed holds it now; one the feed no longer holds is answered cancelled. */
    @Override
    public Event get(String calendarEventId) {
        Instant now = Instant.now();
        IcalFeedParser.FeedEvents events = parser.parse(current().body(), window.start(now), window.end(now));
        Event e = events.active().get(calendarEventId);
        if (e == null) {
            e = events.outside().get(calendarEventId);
        }
        return e != null ? e : new Event().setId(calendarEventId).setStatus("cancelled").setEtag("\"ical-absent\"");
    }

    @Override
    public Event patch(String calendarEventId, Event changes) {
        throw new CalendarReadOnlyException("the calendar is read through its iCal feed, which is read-only");
    }

    @Override
    public boolean writable() {
        return false;
    }

    @Override
    public void probe() {
        current();
    }

    @Override
    public String describe() {
        return "iCal feed (read-only)";
    }

    /** The feed now: a conditional GET against the last one fetched. */
    private Fetched current() {
        Fetched known = last;
        if (known == null) {
            Fetched first = fetch(null, null);
            if (first == null) {
                throw new CalendarFeedException("the iCal feed answered 304 to an unconditional GET");
            }
            return first;
        }
        Fetched fresh = fetch(known.etag(), known.lastModified());
        return fresh != null ? fresh : known;
    }

    /** One GET of the feed, conditional when validators are given; null when the server answers 304. */
    private Fetched fetch(String etag, String lastModified) {
        HttpRequest.Builder request = HttpRequest.newBuilder(feed).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/calendar").GET();
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            request.header("If-Modified-Since", lastModified);
        }
        calls.count("calendar", "FeedGet");
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new CalendarFeedException("the iCal feed could not be read: " + redact(e.toString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CalendarFeedException("interrupted while reading the iCal feed");
        }
        if (response.statusCode() == 304) {
            return null;
        }
        if (response.statusCode() != 200) {
            throw new CalendarFeedException("the iCal feed answered HTTP " + response.statusCode()
                    + (response.statusCode() == 404 ? " (is the secret address still valid? Google changes it when it is reset)" : ""));
        }
        String body = new String(response.body(), StandardCharsets.UTF_8);
        Fetched fetched = new Fetched(body, Hashes.sha256(body), response.headers().firstValue("ETag").orElse(null),
                response.headers().firstValue("Last-Modified").orElse(null));
        last = fetched;
        return fetched;
    }

    private Event cancelled(String id, String previousEtag, String feedHash) {
        return new Event().setId(id).setStatus("cancelled")
                .setEtag("\"ical-cancelled-" + Hashes.sha256(previousEtag + feedHash).substring(0, 20) + "\"");
    }

    /** A message about the feed without its secret address. */
    private String redact(String message) {
        String out = message.replace(feedText, "<ical-url>").replace(feed.toString(), "<ical-url>");
        return feed.getRawPath() == null || feed.getRawPath().isEmpty() ? out : out.replace(feed.getRawPath(), "/<secret>");
    }

    private record Fetched(String body, String hash, String etag, String lastModified) {
    }

    /** The feed could not be read; the message never names its address. */
    public static class CalendarFeedException extends RuntimeException {
        public CalendarFeedException(String message) {
            super(message);
        }
    }
}
