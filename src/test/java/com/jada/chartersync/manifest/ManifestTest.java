package com.jada.chartersync.manifest;

import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.config.CallCounter;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dock manifest against the embedded default: what it lists (read through the real waiver function), what it
 * costs, and how it answers days it cannot show. The browser tests look at the page itself.
 */
class ManifestTest extends LocalSandboxTest {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestTest.class);

    @Autowired
    DockManifest manifest;
    @Autowired
    CallCounter calls;
    @Autowired
    LambdaClient lambda;

    @Test
    void manifestListsMinorWithGuardian() throws Exception {
        String calendarId = sandbox.insertEvent("Ottilie – Sail", "Guest: Ottilie\nArrive by: 9:00\nCaptain: Sarah\n"
                + "Crew: Marcus, Gene\nParty size: 3\nMinors: Ottilie (16), Bram (11)", "2026-06-05T09:30:00-07:00", "2026-06-05T12:00:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();
        // what the operator's `aws lambda invoke` sends: a guardian signing for a 16-year-old
        String payload = "{\"action\":\"submit\",\"eventId\":\"" + eventId + "\",\"participants\":[{\"name\":\"Ottilie\","
                + "\"dateOfBirth\":\"2010-02-01\"}],\"signature\":\"Pat Lee\",\"acceptedTerms\":true,"
                + "\"guardian\":{\"name\":\"Pat Lee\",\"relationship\":\"parent\",\"signature\":\"Pat Lee\"}}";
        assertThat(lambda.invoke(b -> b.functionName("jada-waiver").payload(SdkBytes.fromUtf8String(payload))).functionError()).isNull();

        DayManifest day = manifest.build(LocalDate.parse("2026-06-05"));
        DayManifest.Charter charter = day.charters().stream().filter(c -> eventId.equals(c.eventId())).findFirst().orElseThrow();
        assertThat(charter.captain()).isEqualTo("Sarah");
        assertThat(charter.crew()).containsExactly("Marcus", "Gene");
        assertThat(charter.sails()).isEqualTo("9:30 AM");
        assertThat(charter.roster().participants()).extracting(p -> p.name() + "|" + p.ageText() + "|" + p.signed() + "|" + p.guardianText())
                .containsExactly("Bram|minor, 11|false|needs a guardian to sign", "Ottilie|minor, 16|true|Pat Lee (parent)");
        assertThat(charter.roster().toSignText()).isEqualTo("2 of 3 still to sign");

        String html = rest.getForObject("/manifest/2026-06-05", String.class);
        assertThat(html).contains("Manifest · Friday, June 5, 2026", "Ottilie", "minor, 16", "✓ signed", "Pat Lee (parent)",
                "Bram", "✗ not signed", "2 of 3 still to sign", "1 more still to sign, names not known yet", "Captain</span> Sarah");
    }

    @Test
    void sampleSundayShowsJonathansWholePartyStillToSign() {
        cycles.runCycle("test");
        String html = rest.getForObject("/manifest/2026-05-31", String.class);

        assertThat(html).contains("Jonathan", "6 of 6 still to sign", "Nobody has signed yet, and no names are known.", "Quinn");
        // sailing order: Jonathan at 1:00 PM before Quinn at 2:30 PM
        assertThat(html.indexOf("id=\"m-jonathan-sunday-2026-05-31-afternoon\"")).isPositive()
                .isLessThan(html.indexOf("id=\"m-quinn-saturday-2026-05-31\""));
        assertThat(html).contains(">1:00 PM<", ">2:30 PM<", "arrive by 12:30 PM · party of 6");
    }

    @Test
    void manifestCostsTheSameTwoCallsForOneCharterOrTwenty() {
        try (DayFixture fixture = new DayFixture(dynamo, "2026-06-06")) {
            String first = fixture.charter("Alder", "09:00", "Sarah", List.of("Marcus"), 4);
            fixture.waiver(first, "Alder", "1980-01-01", null);
            LocalDate day = LocalDate.parse("2026-06-06");
            manifest.build(day);
            Map<String, Long> one = callsOf(() -> assertThat(manifest.build(day).charters()).hasSize(1));

            for (int i = 1; i < 20; i++) {
                String id = fixture.charter("Guest " + i, String.format("%02d:%02d", 8 + i / 2, (i % 2) * 30), "Sarah", List.of("Gene"), 4);
                fixture.waiver(id, "Adult " + i, "1975-05-05", null);
                fixture.waiver(id, "Child " + i, "2015-05-05", "Adult " + i);
            }
            long started = System.nanoTime();
            DayManifest twenty = manifest.build(day);
            long ms = (System.nanoTime() - started) / 1_000_000;
            Map<String, Long> many = callsOf(() -> assertThat(manifest.build(day).charters()).hasSize(20));

            assertThat(many).as("calls for 20 charters").isEqualTo(one);
            assertThat(one).containsEntry("dynamodb", 2L).containsEntry("dynamodb.Query", 2L).doesNotContainKey("dynamodb.Scan");
            assertThat(one.keySet()).allMatch(k -> k.startsWith("dynamodb"));
            assertThat(twenty.signed()).isEqualTo(1 + 19 * 2);
            assertThat(twenty.stillToSign()).isEqualTo(3 + 19 * 2);
            LOG.info("Manifest of 20 charters and 39 waivers: built in {} ms with {}", ms, many);
        }
    }

    @Test
    void csvOfTheSampleSundayHasARowPerParticipantAndTheUnnamedRestOfEachParty() {
        cycles.runCycle("test");
        ResponseEntity<byte[]> r = rest.getForEntity("/manifest/2026-05-31.csv", byte[].class);

        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(r.getHeaders().getContentDisposition().getFilename()).isEqualTo("manifest-2026-05-31.csv");
        String csv = new String(r.getBody(), StandardCharsets.UTF_8);
        List<List<String>> rows = ManifestCsvTest.parse(csv.substring(1));
        assertThat(rows.get(0)).isEqualTo(ManifestCsv.HEADER);
        Map<String, List<List<String>>> byGuest = rows.subList(1, rows.size()).stream()
                .collect(Collectors.groupingBy(row -> ManifestCsvTest.col(row, "guest")));
        assertThat(byGuest.get("Jonathan")).singleElement().satisfies(row -> {
            assertThat(ManifestCsvTest.col(row, "waiver")).isEqualTo("not signed");
            assertThat(ManifestCsvTest.col(row, "still to sign")).isEqualTo("6");
            assertThat(ManifestCsvTest.col(row, "captain")).isEqualTo("Gene");
        });
        assertThat(byGuest.get("Quinn")).extracting(row -> ManifestCsvTest.col(row, "participant"))
                .contains("Quinn");
    }

    @Test
    void malformedDateIs400AndADayWithoutChartersIs404() {
        ResponseEntity<String> bad = rest.getForEntity("/manifest/2026-13-40", String.class);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody()).contains("is not a date", "yyyy-mm-dd");
        assertThat(rest.getForEntity("/manifest/tomorrow", String.class).getStatusCode().value()).isEqualTo(400);
        assertThat(rest.getForEntity("/manifest/2026-02-30.csv", String.class).getStatusCode().value()).isEqualTo(400);

        ResponseEntity<String> empty = rest.getForEntity("/manifest/2026-07-04", String.class);
        assertThat(empty.getStatusCode().value()).isEqualTo(404);
        assertThat(empty.getBody()).contains("No charter is recorded for Saturday, July 4, 2026");
        ResponseEntity<String> emptyCsv = rest.getForEntity("/manifest/2026-07-04.csv", String.class);
        assertThat(emptyCsv.getStatusCode().value()).isEqualTo(404);
        assertThat(emptyCsv.getBody()).contains("No charter is recorded");
    }

    @Test
    void calendarTextIsEscapedOnThePage() {
        try (DayFixture fixture = new DayFixture(dynamo, "2026-06-08")) {
            String id = fixture.charter("<script>alert(1)</script>", "10:00", "<b>Sarah</b>", List.of("Gene"), 2);
            fixture.waiver(id, "<img src=x onerror=alert(2)>", "1990-01-01", null);

            String html = rest.getForObject("/manifest/2026-06-08", String.class);

            assertThat(html).doesNotContain("<script>alert", "<img src=x", "<b>Sarah")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;");
        }
    }

    private Map<String, Long> callsOf(Runnable action) {
        Map<String, Long> before = calls.snapshot();
        action.run();
        return CallCounter.delta(before, calls.snapshot());
    }
}
