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

    private java.util.List<String> jmxCycles() {
        return cycles.recent().stream().filter(c -> "jmx".equals(c.trigger())).map(c -> c.cycleId()).toList();
    }

    @Test
    void captainOnlyCorrectionKeepsTheCrew() throws Exception {
        String calendarId = charterWithOldCrew("Cato", "08");
        String eventId = records.linkedId(calendarId).orElseThrow();

        ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", "{\"captain\":\"Tom\"}");

        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        assertThat(calendarDescription(calendarId)).contains("Captain: Tom", "Crew: Darrell, Angelia", "Bring jackets")
                .doesNotContain("Sarah");
        assertThat(records.item(eventId).get("crew").l()).extracting(AttributeValue::s)
                .containsExactly("Captain Tom", "Deckhand Darrell", "Deckhand Angelia");
    }

    @Test
    void crewOnlyCorrectionKeepsTheCaptain() throws Exception {
        String calendarId = charterWithOldCrew("Cleo", "08");
        String eventId = records.linkedId(calendarId).orElseThrow();

        ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", "{\"crew\":[\"Gene\"]}");

        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        assertThat(calendarDescription(calendarId)).contains("Captain: Sarah", "Crew: Gene").doesNotContain("Darrell");
        assertThat(records.item(eventId).get("crew").l()).extracting(AttributeValue::s)
                .containsExactly("Captain Sarah", "Deckhand Gene");
        String page = sandbox.edge(records.item(eventId).get("pageKey").s()).body();
        assertThat(page).contains("Captain Sarah", "Deckhand Gene");
    }

    @Test
    void emptyCrewClearsTheCrew() throws Exception {
        String calendarId = charterWithOldCrew("Cosmo", "08");
        String eventId = records.linkedId(calendarId).orElseThrow();

        ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", "{\"crew\":[]}");

        assertThat(r.getStatusCode().value()).as(r.getBody()).isEqualTo(200);
        assertThat(calendarDescription(calendarId)).contains("Captain: Sarah").doesNotContain("Crew:", "Darrell");
        assertThat(records.item(eventId).get("crew").l()).extracting(AttributeValue::s).containsExactly("Captain Sarah");
    }

    @Test
    void blankCaptainIsRefused() throws Exception {
        String calendarId = charterWithOldCrew("Bram", "08");
        String eventId = records.linkedId(calendarId).orElseThrow();
        String before = calendarDescription(calendarId);

        for (String body : new String[] {"{\"captain\":\"\"}", "{\"captain\":\"   \",\"crew\":[\"Gene\"]}"}) {
            ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", body);
            assertThat(r.getStatusCode().value()).as(body).isEqualTo(400);
            assertThat(JSON.readTree(r.getBody()).get("field").asText()).isEqualTo("captain");
        }
        assertThat(calendarDescription(calendarId)).isEqualTo(before);
    }

    @Test
    void crewNameWithCommaIsRefused() throws Exception {
        String calendarId = charterWithOldCrew("Corin", "08");
        String eventId = records.linkedId(calendarId).orElseThrow();
        String before = calendarDescription(calendarId);

        for (String name : new String[] {"Gene, Jr.", "Gene; Ann", "Gene and Ann"}) {
            ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", "{\"crew\":[\"Marcus\",\"" + name + "\"]}");
            assertThat(r.getStatusCode().value()).as(name).isEqualTo(400);
            JsonNode error = JSON.readTree(r.getBody());
            assertThat(error.get("field").asText()).isEqualTo("crew[1]");
            assertThat(error.get("reason").asText()).contains("several crew members");
        }
        assertThat(calendarDescription(calendarId)).isEqualTo(before);
        // a name that only looks like one of them reads back as typed
        assertThat(postJson("/api/events/" + eventId + "/crew", "{\"crew\":[\"Alexander Sandberg\"]}").getStatusCode().value())
                .isEqualTo(200);
        assertThat(records.item(eventId).get("crew").l()).extracting(AttributeValue::s)
                .containsExactly("Captain Sarah", "Deckhand Alexander Sandberg");
    }

    @Test
    void formatCharactersAreRefused() throws Exception {
        String calendarId = charterWithOldCrew("Fenna", "08");
        String eventId = records.linkedId(calendarId).orElseThrow();
        String before = calendarDescription(calendarId);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"captain\":\"Sa\\u200brah\"}", "captain");
        cases.put("{\"captain\":\"\\ufeffSarah\"}", "captain");
        cases.put("{\"crew\":[\"Gene\\u061c\"]}", "crew[0]");
        cases.put("{\"crew\":[\"Gene\",\"Ann\\u202eeM\"]}", "crew[1]");
        cases.put("{\"crew\":[\"Ge\\u2060ne\"]}", "crew[0]");
        cases.forEach((body, field) -> {
            ResponseEntity<String> r = postJson("/api/events/" + eventId + "/crew", body);
            assertThat(r.getStatusCode().value()).as(body).isEqualTo(400);
            assertThat(r.getBody()).as(body).contains("\"field\":\"" + field + "\"").containsPattern("U\\+(200B|FEFF|061C|202E|2060)");
        });
        assertThat(calendarDescription(calendarId)).isEqualTo(before);
    }

    @Test
    void jolokiaExecOnGetIsRefused() throws Exception {
        // what an <img src> or a link can send: a GET without Origin, Referer or Sec-Fetch-Site
        java.util.List<String> jmxCyclesBefore = jmxCycles();
        for (String path : new String[] {"/actuator/jolokia/exec/charter-sync:type=Operations,name=Triggers/syncNow",
                "/actuator/jolokia/EXEC/charter-sync:type=Operations,name=Triggers/syncNow",
                "/actuator/jolokia/%65xec/charter-sync:type=Operations,name=Triggers/syncNow",
                "/actuator/jolokia?p=/exec/charter-sync:type=Operations,name=Triggers/syncNow",
                "/actuator/jolokia/write/charter-sync:type=Operations,name=Triggers/Anything/1",
                "/actuator/hawtio/jolokia/exec/charter-sync:type=Operations,name=Triggers/syncNow"}) {
            RawHttp.Response r = RawHttp.send(port, "GET", path, ownOrigin(), null);
            assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(405);
            assertThat(JSON.readTree(r.body()).get("reason").asText()).contains("only on POST");
        }
        assertThat(jmxCycles()).as("no cycle run by JMX").isEqualTo(jmxCyclesBefore);
        // reads stay on GET
        RawHttp.Response read = RawHttp.send(port, "GET", "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage",
                ownOrigin(), null);
        assertThat(JSON.readTree(read.body()).get("status").asInt()).as(read.body()).isEqualTo(200);
        assertThat(JSON.readTree(RawHttp.send(port, "GET", "/actuator/jolokia/version", ownOrigin(), null).body())
                .get("status").asInt()).isEqualTo(200);
    }

    @Test
    void requestWithoutHostIsRefused() throws Exception {
        for (String path : new String[] {"/api/cycles", "/actuator/jolokia/version", "/"}) {
            RawHttp.Response r = RawHttp.sendRaw(port, "GET " + path + " HTTP/1.0\r\n\r\n");
            assertThat(r.status()).as(path).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(r.body()).get("reason").asText()).contains("no Host header");
        }
        assertThat(RawHttp.sendRaw(port, "GET /api/cycles HTTP/1.0\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").status())
                .isEqualTo(200);
    }

    @Test
    void malformedRequestsAnswerJson() throws Exception {
        String host = "Host: 127.0.0.1:" + port + "\r\n";
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("bad percent-encoding", "GET /api/events/%zz HTTP/1.1\r\n" + host + "\r\n");
        requests.put("bad request line", "GET /api/cycles HTTP/1.1 extra\r\n" + host + "\r\n");
        requests.put("no version", "GET\r\n" + host + "\r\n");
        requests.put("illegal character in the target", "GET /api/cy{cles HTTP/1.1\r\n" + host + "\r\n");
        requests.put("illegal character in a header name", "GET /api/cycles HTTP/1.1\r\n" + host + "Bad Header: x\r\n\r\n");
        requests.put("oversized header", "GET /api/cycles HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        requests.put("unknown HTTP version", "GET /api/cycles HTTP/7.3\r\n" + host + "\r\n");
        requests.put("encoded slash", "GET /api/events/a%2Fb HTTP/1.1\r\n" + host + "\r\n");
        requests.put("dot segment", "GET /api/../api/cycles HTTP/1.1\r\n" + host + "\r\n");
        requests.put("two Host headers", "GET /api/cycles HTTP/1.1\r\n" + host + host + "\r\n");
        requests.put("bad Content-Length", "POST /api/sync HTTP/1.1\r\n" + host + "Content-Length: x\r\n\r\n");
        requests.put("unknown path", "GET /nowhere HTTP/1.1\r\n" + host + "\r\n");
        requests.put("wrong method", "DELETE /api/cycles HTTP/1.1\r\n" + host + "\r\n");
        requests.forEach((what, raw) -> {
            RawHttp.Response r;
            try {
                r = RawHttp.sendRaw(port, raw + "");
            } catch (java.io.IOException e) {
                throw new AssertionError(what, e);
            }
            assertThat(r.status()).as(what).isBetween(400, 599);
            assertThat(r.header("Content-Type")).as(what + ": " + r.body()).startsWith("application/json");
            JsonNode body;
            try {
                body = JSON.readTree(r.body());
            } catch (java.io.IOException e) {
                throw new AssertionError(what + ": " + r.body(), e);
            }
            assertThat(body.get("status").asInt()).as(what).isEqualTo(r.status());
            assertThat(body.get("reason").asText()).as(what).isNotBlank();
        });
    }

    @Test
    void hawtioAnswersOnTheLocalProfile() {
        ResponseEntity<String> r = rest.getForEntity("/actuator/hawtio/", String.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getBody()).containsIgnoringCase("hawtio");
    }
}
