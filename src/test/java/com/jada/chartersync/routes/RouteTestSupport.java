package com.jada.chartersync.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.calendar.model.Event;
import com.jada.chartersync.CharterSyncApplication;
import com.jada.chartersync.SandboxPorts;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.sync.SandboxClient;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the route tests: the runtime's routes in one Camel context on the local cloud, advised once (before
 * Camel starts) with counting mocks at the points the tests watch, and at the two remote calls whose failures
 * they stage. Every subclass shares this one Spring/Camel context (same configuration, Spring's context cache).
 *
 * <p>What is advised, by route id and endpoint only:
 * <ul>
 *   <li>{@code waiver-invoke}: {@code mock:lambda} just before the {@code aws2-lambda:} call, one message per invoke;</li>
 *   <li>{@code page-publish}: {@code mock:publish-page} first, and {@code mock:s3} just before the {@code aws2-s3:} upload;</li>
 *   <li>{@code event-upsert}, {@code event-record}, {@code dead-letter}: {@code mock:upsert-event},
 *       {@code mock:record-event}, {@code mock:dead-letter} first, one message per event (or letter) that enters.</li>
 * </ul>
 * The mocks only count: the real calls still happen, unless a test arms the {@link FaultPlan}, which makes the mock
 * in front of a remote call throw instead, as the remote side failing would (the error handler then redelivers to
 * that mock, so it counts every attempt). Each test gets fresh mocks and a disarmed plan, and works on calendar
 * events of its own, so the tests do not depend on each other's order.
 */
@CamelSpringBootTest
@SpringBootTest(classes = {CharterSyncApplication.class, RouteTestSupport.Advice.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.jmx.enabled=false", "camel.main.jmx-enabled=false"})
@ActiveProfiles("local")
abstract class RouteTestSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final SandboxPorts PORTS = new SandboxPorts();

    @DynamicPropertySource
    static void sandbox(DynamicPropertyRegistry registry) {
        // max-redeliveries 2, redelivery-delay 20 ms, no poll timer, no push notifications
        PORTS.register(registry);
    }

    @Autowired
    CamelContext camel;
    @Autowired
    SyncCycles cycles;
    @Autowired
    TestRestTemplate rest;
    @Autowired
    FaultPlan faults;
    @Value("${charter.sync.max-redeliveries}")
    int maxRedeliveries;

    final SandboxClient sandbox = new SandboxClient(PORTS.calendar, PORTS.edge);

    MockEndpoint lambda;
    MockEndpoint s3;
    MockEndpoint upsertEvent;
    MockEndpoint recordEvent;
    MockEndpoint publishPage;
    MockEndpoint deadLetter;

    @BeforeEach
    void freshMocksAndNoFaults() {
        faults.clear();
        MockEndpoint.resetMocks(camel);
        lambda = mock("mock:lambda");
        s3 = mock("mock:s3");
        upsertEvent = mock("mock:upsert-event");
        recordEvent = mock("mock:record-event");
        publishPage = mock("mock:publish-page");
        deadLetter = mock("mock:dead-letter");
        // a reset mock forgets its processor: the fault gates go back on for every test
        lambda.whenAnyExchangeReceived(faults.gate("lambda"));
        s3.whenAnyExchangeReceived(faults.gate("s3"));
    }

    @AfterEach
    void disarm() {
        faults.clear();
    }

    private MockEndpoint mock(String uri) {
        return camel.getEndpoint(uri, MockEndpoint.class);
    }

    /** A charter inserted into the calendar sandbox, read back as the calendar API hands it to the routes. */
    Event charter(String guest, LocalDate day) throws Exception {
        return calendarEvent(guest + " – Sail", "Guest: " + guest + "\nArrive by: 10:00\nCaptain: Sarah\nCrew: Darrell", day);
    }

    Event calendarEvent(String summary, String description, LocalDate day) throws Exception {
        String id = sandbox.insertEvent(summary, description, day + "T10:30:00-07:00", day + "T12:00:00-07:00");
        return read(id);
    }

    Event read(String calendarEventId) throws Exception {
        String json = sandbox.get("http://127.0.0.1:" + PORTS.calendar + "/calendar/v3/calendars/jada-internal/events/"
                + calendarEventId).body();
        return GsonFactory.getDefaultInstance().fromString(json, Event.class);
    }

    /** The eventId the record of a single charter gets: {@code <guest-slug>-<weekday>-<date>} (the id scheme). */
    static String eventId(String guestSlug, LocalDate day) {
        return guestSlug + "-" + day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT)
                + "-" + day;
    }

    /** An ordinary (not reconciling) run of the given events through route cycle-publish. */
    void process(Event... events) {
        cycles.runPayload("test", "direct:cycle-publish", List.of(events));
    }

    /** What {@code GET /api/events/{id}} answers: every layer's state for one record. */
    JsonNode state(String eventId) throws IOException {
        return JSON.readTree(rest.getForObject("/api/events/" + eventId, String.class));
    }

    /** The open dead letters of one calendar event, from {@code GET /api/dead-letters}. */
    List<JsonNode> deadLettersOf(String calendarEventId) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode letter : JSON.readTree(rest.getForObject("/api/dead-letters", String.class))) {
            if (calendarEventId.equals(letter.path("calendarEventId").asText())) {
                out.add(letter);
            }
        }
        return out;
    }

    /** How many of a mock's messages carried the given calendar event as their body. */
    static long messagesFor(MockEndpoint mock, Event event) {
        return mock.getReceivedExchanges().stream()
                .map(e -> e.getMessage().getBody())
                .filter(body -> body instanceof Event e && event.getId().equals(e.getId()))
                .count();
    }

    static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }

    /** Which remote calls fail, and how often, before the real call is let through again. */
    static final class FaultPlan {

        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

        /** The next {@code times} calls of {@code remote} fail; later ones reach the real service. */
        void failNext(String remote, int times) {
            failures.put(remote, new AtomicInteger(times));
        }

        void failAlways(String remote) {
            failNext(remote, Integer.MAX_VALUE);
        }

        void clear() {
            failures.clear();
        }

        Processor gate(String remote) {
            return exchange -> {
                AtomicInteger left = failures.get(remote);
                if (left != null && left.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    throw new RemoteUnavailableException(remote + " unavailable (fault staged by the route test)");
                }
            };
        }
    }

    static final class RemoteUnavailableException extends RuntimeException {
        RemoteUnavailableException(String message) {
            super(message);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Advice {

        @Bean
        FaultPlan faultPlan() {
            return new FaultPlan();
        }

        /** Advises the routes once, after they are loaded from routes/*.yaml and before Camel starts them. */
        @Bean
        CamelContextConfiguration adviseRoutesForRouteTests() {
            return new CamelContextConfiguration() {
                @Override
                public void beforeApplicationStart(CamelContext context) {
                    try {
                        AdviceWith.adviceWith(context, "waiver-invoke",
                                a -> a.weaveByToUri("aws2-lambda:*").before().to("mock:lambda"));
                        AdviceWith.adviceWith(context, "page-publish", a -> {
                            a.weaveAddFirst().to("mock:publish-page");
                            a.weaveByToUri("aws2-s3:*").before().to("mock:s3");
                        });
                        AdviceWith.adviceWith(context, "event-upsert", a -> a.weaveAddFirst().to("mock:upsert-event"));
                        AdviceWith.adviceWith(context, "event-record", a -> a.weaveAddFirst().to("mock:record-event"));
                        AdviceWith.adviceWith(context, "dead-letter", a -> a.weaveAddFirst().to("mock:dead-letter"));
                    } catch (Exception e) {
                        throw new IllegalStateException("advising the routes failed", e);
                    }
                }

                @Override
                public void afterApplicationStart(CamelContext context) {
                    // nothing: the routes start advised
                }
            };
        }
    }
}
