package com.jada.chartersync.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.security.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Manual triggers over HTTP and JMX, on the embedded default, and what a web page in the operator's browser cannot do. */
class OperatorTriggersTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A page on another local port (the edge, a guest page) is another origin and, to the browser, the same site. */
    private static final String OTHER_ORIGIN = "http://127.0.0.1:" + EDGE_PORT;

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;

    private static String dumpHeap(Path file) {
        return "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                + "\"arguments\":[\"" + file + "\",true]}";
    }

    private String calendarDescription(String calendarId) throws Exception {
        return JSON.readTree(sandbox.get("http://127.0.0.1:" + CALENDAR_PORT + "/calendar/v3/calendars/jada-internal/events/"
                + calendarId).body()).get("description").asText();
    }

    private Map<String, String> ownOrigin() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        return h;
    }

    private String charterWithOldCrew(String guest, String day) throws Exception {
        String id = sandbox.insertEvent(guest + " – Sunset sail", "Guest: " + guest + "\nType: sunset-sail\nArrival: 3-7 PM\n"
                + "Captain: Sarah\nCrew: Darrell, Angelia\nParty size: 8\nBring jackets",
                "2026-06-" + day + "T16:00:00-07:00", "2026-06-" + day + "T20:00:00-07:00");
        cycles.runCycle("test");
        return id;
    }

    private ResponseEntity<String> postJson(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    @Test
    void crewCorrectionPatchesTheCalendarAndCascadesToRecordPageAndEdge() throws Exception {
        String calendarId = charterWithOldCrew("Dana", "11");
        String eventId = records.linkedId(calendarId).orElseThrow();

        ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", "{\"captain\":\"Sarah\",\"crew\":[\"Gene\"]}");

        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.getBody());
        assertThat(answer.at("/summary/pathsInvalidated").asInt()).isEqualTo(1);
        assertThat(answer.at("/state/agree").asBoolean()).as("%s", answer.get("state")).isTrue();
        String description = JSON.readTree(sandbox.get("http://127.0.0.1:" + CALENDAR_PORT
                + "/calendar/v3/calendars/jada-internal/events/" + calendarId).body()).get("description").asText();
        assertThat(description).contains("Captain: Sarah", "Crew: Gene", "Arrival: 3-7 PM", "Bring jackets")
                .doesNotContain("Angelia").doesNotContain("Darrell");
        assertThat(records.item(eventId).get("crew").l()).extracting(AttributeValue::s)
                .containsExactly("Captain Sarah", "Deckhand Gene");
        String page = sandbox.edge(records.item(eventId).get("pageKey").s()).body();
        assertThat(page).contains("Deckhand Gene").doesNotContain("Angelia");
    }

    @Test
    void crewCorrectionOfAnUnknownEventAnswers404AndACalendarRefusalAnswers502() {
        assertThat(postJson("/api/events/nobody-monday-2026-06-01/crew", "{\"captain\":\"Sarah\"}").getStatusCode().value())
                .isEqualTo(404);

        dynamo.putItem(b -> b.tableName("jada-events").item(Map.of(
                "eventId", AttributeValue.fromS("ghost-monday-2026-06-01"),
                "calendarEventId", AttributeValue.fromS("deletedlongago"))));
        ResponseEntity<String> refused = postJson("/api/events/ghost-monday-2026-06-01/crew", "{\"captain\":\"Sarah\"}");
        assertThat(refused.getStatusCode().value()).isEqualTo(502);
        assertThat(refused.getBody()).contains("calendar answered 404");
        assertThat(postJson("/api/events/ghost-monday-2026-06-01/crew", "{}").getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void jmxTriggersGiveTheSameResultAsHttp() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName triggers = new ObjectName("charter-sync:type=Operations,name=Triggers");
        assertThat(server.isRegistered(triggers)).isTrue();

        String viaJmx = charterWithOldCrew("Jessa", "12");
        String viaHttp = charterWithOldCrew("Hattie", "12");
        String jmxEvent = records.linkedId(viaJmx).orElseThrow();
        String httpEvent = records.linkedId(viaHttp).orElseThrow();

        JsonNode jmx = JSON.readTree((String) server.invoke(triggers, "correctCrew",
                new Object[] {jmxEvent, "Marcus", "Gene, Angelia"},
                new String[] {String.class.getName(), String.class.getName(), String.class.getName()}));
        JsonNode http = JSON.readTree(postJson("/api/events/" + httpEvent + "/crew",
                "{\"captain\":\"Marcus\",\"crew\":[\"Gene\",\"Angelia\"]}").getBody());

        for (JsonNode answer : new JsonNode[] {jmx, http}) {
            assertThat(answer.at("/summary/recordsWritten").asInt()).isEqualTo(1);
            assertThat(answer.at("/summary/pathsInvalidated").asInt()).isEqualTo(1);
            assertThat(answer.at("/state/agree").asBoolean()).isTrue();
            assertThat(answer.at("/state/layers/record/holds/crew").toString())
                    .isEqualTo("[\"Captain Marcus\",\"Deckhand Gene\",\"Deckhand Angelia\"]");
        }

        JsonNode sync = JSON.readTree((String) server.invoke(triggers, "syncNow", new Object[0], new String[0]));
        assertThat(sync.get("trigger").asText()).isEqualTo("jmx");
        assertThat(sync.get("calendarRead").asText()).isIn("incremental", "reconcile");
    }

    @Test
    void crossOriginDumpHeapIsRefusedAndWritesNothing() throws Exception {
        Path heap = tmp.resolve("dump.hprof");

        // exactly what fetch(..., {method:"POST", mode:"no-cors", body: JSON}) on another origin sends: text/plain, no preflight
        RawHttp.Response r = RawHttp.send(port, "POST", "/actuator/jolokia",
                RawHttp.fromAnotherSite(port, OTHER_ORIGIN, "text/plain;charset=UTF-8"), dumpHeap(heap));

        assertThat(r.status()).as(r.body()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(r.header("Access-Control-Allow-Credentials")).isNull();
        assertThat(r.body()).contains("cross-site request refused");
        assertThat(heap).doesNotExist();

        // the preflight a page would need for anything else gets no grant either
        Map<String, String> preflight = RawHttp.fromAnotherSite(port, OTHER_ORIGIN, null);
        preflight.put("Access-Control-Request-Method", "POST");
        preflight.put("Access-Control-Request-Headers", "content-type");
        RawHttp.Response options = RawHttp.send(port, "OPTIONS", "/actuator/jolokia", preflight, null);
        assertThat(options.header("Access-Control-Allow-Origin")).isNull();
        assertThat(options.status()).isEqualTo(403);
    }

    @Test
    void hostHeaderOfAnotherNameIsRefused() throws Exception {
        Path heap = tmp.resolve("dump.hprof");
        // DNS rebinding: evil.example now resolves to 127.0.0.1, so its page is "same-origin" with itself
        Map<String, String> rebound = new LinkedHashMap<>();
        rebound.put("Host", "evil.example:" + port);
        rebound.put("Origin", "http://evil.example:" + port);
        rebound.put("Sec-Fetch-Site", "same-origin");
        rebound.put("Content-Type", "text/plain;charset=UTF-8");

        RawHttp.Response r = RawHttp.send(port, "POST", "/actuator/jolokia", rebound, dumpHeap(heap));

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.header("Access-Control-Allow-Origin")).isNull();
        assertThat(heap).doesNotExist();
        rebound.remove("Content-Type");
        assertThat(RawHttp.send(port, "GET", "/actuator/jolokia/version", rebound, null).status()).isEqualTo(403);
        assertThat(RawHttp.send(port, "GET", "/api/cycles", rebound, null).status()).isEqualTo(403);
        assertThat(RawHttp.send(port, "GET", "/actuator/jolokia/version", ownOrigin(), null).status()).isEqualTo(200);
    }

    @Test
    void jolokiaRefusesJvmLevelOperationsEvenFromTheRuntimesOwnOrigin() throws Exception {
        Path heap = tmp.resolve("dump.hprof");
        Map<String, String> curl = ownOrigin();
        curl.put("Content-Type", "application/json");
        for (String request : new String[] {dumpHeap(heap),
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"gcClassHistogram\",\"arguments\":[[]]}",
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}",
                "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Threading\",\"operation\":\"dumpAllThreads\",\"arguments\":[true,true]}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=ClassLoading\",\"attribute\":\"Verbose\",\"value\":true}",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}"}) {
            RawHttp.Response r = RawHttp.send(port, "POST", "/actuator/jolokia", curl, request);
            JsonNode answer = JSON.readTree(r.body());
            assertThat(answer.get("status").asInt()).as(request + " -> " + r.body()).isEqualTo(403);
        }
        assertThat(heap).doesNotExist();
        assertThat(ManagementFactory.getClassLoadingMXBean().isVerbose()).isFalse();
    }

    @Test
    void jolokiaStillListsAndReadsAndRunsTheProjectsOwnOperations() throws Exception {
        Map<String, String> curl = ownOrigin();
        curl.put("Content-Type", "application/json");
        // what Hawtio asks first; Camel's own MBeans are not registered under @CamelSpringBootTest (JMX off for Camel)
        JsonNode list = JSON.readTree(RawHttp.send(port, "POST", "/actuator/jolokia", curl,
                "{\"type\":\"list\",\"path\":\"charter-sync\"}").body());
        assertThat(list.get("status").asInt()).as("%s", list).isEqualTo(200);
        assertThat(list.toString()).contains("correctCrew", "syncNow");
        JsonNode heap = JSON.readTree(RawHttp.send(port, "POST", "/actuator/jolokia", curl,
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}").body());
        assertThat(heap.at("/value/used").asLong()).as("%s", heap).isPositive();
        JsonNode sync = JSON.readTree(RawHttp.send(port, "POST", "/actuator/jolokia", curl,
                "{\"type\":\"exec\",\"mbean\":\"charter-sync:type=Operations,name=Triggers\",\"operation\":\"syncNow\"}").body());
        assertThat(sync.get("status").asInt()).as("%s", sync).isEqualTo(200);
        assertThat(JSON.readTree(sync.get("value").asText()).get("trigger").asText()).isEqualTo("jmx");
    }

    @Test
    void crossSiteFormPostToSyncIsRefusedAndRunsNoCycle() throws Exception {
        String lastCycle = cycles.runCycle("test").cycleId();

        // <form method="post" action="http://127.0.0.1:8080/api/sync"> submitted from another site
        Map<String, String> form = RawHttp.fromAnotherSite(port, OTHER_ORIGIN, "application/x-www-form-urlencoded");
        form.put("Sec-Fetch-Mode", "navigate");
        form.put("Sec-Fetch-Dest", "document");
        for (String path : new String[] {"/api/sync", "/api/reconcile", "/api/dead-letters/some-id/replay"}) {
            RawHttp.Response r = RawHttp.send(port, "POST", path, form, "x=1");
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(r.body()).get("reason").asText()).contains("cross-site request refused");
        }
        // a browser that sends no Origin at all: the form body alone gives it away
        Map<String, String> oldBrowser = ownOrigin();
        oldBrowser.put("Content-Type", "application/x-www-form-urlencoded");
        assertThat(RawHttp.send(port, "POST", "/api/sync", oldBrowser, "x=1").status()).isEqualTo(403);

        assertThat(cycles.recent().get(0).cycleId()).as("no cycle ran").isEqualTo(lastCycle);
        // what the README's curl sends still works
        assertThat(RawHttp.send(port, "POST", "/api/sync", ownOrigin(), null).status()).isEqualTo(200);
    }

    @Test
    void injectedCrewLineIsRefusedNamingCaptainAndCalendarIsUnchanged() throws Exception {
        String calendarId = charterWithOldCrew("Ines", "13");
        String eventId = records.linkedId(calendarId).orElseThrow();
        String before = calendarDescription(calendarId);
        String guest = records.item(eventId).get("guestName").s();

        ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew",
                "{\"captain\":\"Sarah\\nGuest: Mallory\\nArrive by: 03:00\",\"crew\":[\"Gene\"]}");

        assertThat(r.getStatusCode().value()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.getBody());
        assertThat(error.get("field").asText()).isEqualTo("captain");
        assertThat(error.get("reason").asText()).contains("captain", "single line");
        assertThat(calendarDescription(calendarId)).isEqualTo(before);
        assertThat(records.item(eventId).get("guestName").s()).isEqualTo(guest).isNotEqualTo("Mallory");
    }

    @Test
    void oversizedOrControlCharacterCrewInputIsRefusedNamingTheFieldOverHttpAndJmx() throws Exception {
        String calendarId = charterWithOldCrew("Oskar", "13");
        String eventId = records.linkedId(calendarId).orElseThrow();
        String before = calendarDescription(calendarId);
        String crew21 = String.join(",", java.util.Collections.nCopies(21, "\"Gene\""));
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"captain\":\"" + "x".repeat(10_000) + "\"}", "captain");
        cases.put("{\"captain\":\"Sarah\",\"crew\":[\"" + "y".repeat(5_000_000) + "\"]}", "crew[0]");
        cases.put("{\"captain\":\"Sarah\",\"crew\":[" + crew21 + "]}", "crew");
        cases.put("{\"captain\":\"Sarah\",\"crew\":[\"Gene\",\"An\\u0000gelia\"]}", "crew[1]");
        cases.put("{\"captain\":\"\\u001b[2JSarah\"}", "captain");
        cases.put("{\"captain\":\"Sarah<br>Guest: Mallory\"}", "captain");
        cases.forEach((body, field) -> {
            ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", body);
            assertThat(r.getStatusCode().value()).as(field).isEqualTo(400);
            assertThat(r.getBody()).as(field).contains("\"field\":\"" + field + "\"");
        });

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertThatThrownBy(() -> server.invoke(new ObjectName("charter-sync:type=Operations,name=Triggers"), "correctCrew",
                new Object[] {eventId, "Sarah\nGuest: Mallory", "Gene"},
                new String[] {String.class.getName(), String.class.getName(), String.class.getName()}))
                .hasStackTraceContaining("captain: must be a single line");
        assertThat(calendarDescription(calendarId)).isEqualTo(before);
    }

    @Test
    void hawtioAnswersOnTheLocalProfile() {
        ResponseEntity<String> r = rest.getForEntity("/actuator/hawtio/", String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getBody()).containsIgnoringCase("hawtio");
    }
}
