package com.jada.chartersync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.cycle.CycleSummary;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.InvalidationSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole cascade, calendar to verified guest page, through the real stand-ins and the real clients. */
class WalkingSkeletonTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    CloudFrontClient cloudFront;

    @Test
    void seedChartersBecomeThreeRecordsAndPagesUnderTheHandMadeIds() throws Exception {
        CycleSummary summary = rest.postForObject("/api/sync", null, CycleSummary.class);
        assertThat(summary.failures()).noneMatch(f -> f.contains("Quinn") || f.contains("Jonathan") || f.contains("Danika"));

        Map<String, AttributeValue> quinn = records.item("quinn-saturday-2026-05-31");
        assertThat(quinn).isNotNull();
        assertThat(quinn.get("guestName").s()).isEqualTo("Quinn");
        assertThat(quinn.get("arriveBy").s()).isEqualTo("14:00");
        assertThat(quinn.get("eventType").s()).isEqualTo("whale-watching");
        assertThat(quinn.get("crew").l()).extracting(AttributeValue::s).containsExactly("Captain Sarah", "Deckhand Marcus");
        assertThat(quinn.get("waiverStatus").s()).isEqualTo("pending");
        assertThat(records.item("jonathan-sunday-2026-05-31-afternoon")).isNotNull();
        Map<String, AttributeValue> danika = records.item("danika-sunday-2026-06-14");
        assertThat(danika.get("arriveBy").s()).isEqualTo("19:00");
        assertThat(danika.get("arrival").s()).isEqualTo("15:00-19:00");
        assertThat(danika.get("crew").l()).extracting(AttributeValue::s)
                .containsExactly("Captain Sarah", "Deckhand Darrell", "Deckhand Angelia");

        List<String> seedIds = dynamo.scan(b -> b.tableName("jada-events")).items().stream()
                .filter(i -> List.of("Quinn", "Jonathan", "Danika").contains(i.get("guestName").s()))
                .map(i -> i.get("eventId").s()).toList();
        assertThat(seedIds).as("hand-made records adopted, not duplicated").containsExactlyInAnyOrder(
                "quinn-saturday-2026-05-31", "jonathan-sunday-2026-05-31-afternoon", "danika-sunday-2026-06-14");

        HttpResponse<String> page = sandbox.edge("2026-05-31/quinn-guest.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Quinn", "Arrive by 2:00 PM", "Captain Sarah", "Deckhand Marcus",
                quinn.get("photoCode").s(), "eventId=quinn-saturday-2026-05-31");
        assertThat(sandbox.edge("2026-05-31/jonathan-afternoon-guest.html").body()).contains("Jonathan", "Captain Gene");
        assertThat(sandbox.edge("2026-06-14/danika-guest.html").body())
                .contains("Arrive between 3:00 PM and 7:00 PM", "Pacific Daylight Time");

        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket("jada-guest-pages")
                .key("2026-05-31/quinn-guest.html"));
        assertThat(object.response().contentType().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(object.response().cacheControl()).isEqualTo("no-cache");

        List<InvalidationSummary> invalidations = cloudFront.listInvalidations(b -> b.distributionId("E2XYZABC1234D"))
                .invalidationList().items();
        assertThat(invalidations).isNotEmpty();
    }

    @Test
    void cycleWithoutCalendarChangesWritesUploadsAndInvalidatesNothing() {
        cycles.runCycle("test");
        CycleSummary quiet = cycles.runCycle("test");
        if ("reconcile".equals(quiet.calendarRead())) {
            // every charter.sync.full-resync-every-th cycle of this shared context reads the whole window
            quiet = cycles.runCycle("test");
        }
        assertThat(quiet.calendarRead()).isEqualTo("incremental");
        assertThat(quiet.eventsSeen()).isZero();
        assertThat(quiet.calls()).containsEntry("calendar", 1L)
                .doesNotContainKeys("dynamodb.PutItem", "dynamodb.UpdateItem", "dynamodb.DeleteItem", "s3", "cloudfront");
        assertThat(quiet.recordsWritten()).isZero();
        assertThat(quiet.pagesUploaded()).isZero();
        assertThat(quiet.pathsInvalidated()).isZero();
        assertThat(quiet.invalidationId()).isNull();
    }

    @Test
    void hostileGuestNameIsEscapedOnThePage() throws Exception {
        String id = sandbox.insertEvent("Party", "Guest: <script>alert('x')</script> Mallory\nArrive by: 9:00 AM\n"
                + "Captain: <img src=x onerror=alert(1)>", "2026-06-03T09:30:00-07:00", "2026-06-03T11:00:00-07:00");
        CycleSummary summary = cycles.runCycle("test");
        assertThat(summary.pagesVerified()).isGreaterThanOrEqualTo(1);

        String eventId = records.linkedId(id).orElseThrow();
        String pageKey = records.item(eventId).get("pageKey").s();
        String html = sandbox.edge(pageKey).body();
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Mallory")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .doesNotContain("<script>alert").doesNotContain("<img src=x");
    }

    @Test
    void unparseableEventIsDeadLetteredWithItsReasonAndTheRestOfTheCycleStillPublishes() throws Exception {
        String bad = sandbox.insertEvent("", "%%% ??? no details at all", "2026-06-04T10:00:00-07:00",
                "2026-06-04T12:00:00-07:00");
        String good = sandbox.insertEvent("Priya – Sail", "Guest: Priya\nArrive by: 10:15\nCaptain: Sarah",
                "2026-06-04T10:30:00-07:00", "2026-06-04T12:00:00-07:00");

        CycleSummary summary = cycles.runCycle("test");

        assertThat(summary.deadLettered()).isGreaterThanOrEqualTo(1);
        JsonNode letters = JSON.readTree(rest.getForObject("/api/dead-letters", String.class));
        JsonNode letter = null;
        for (JsonNode l : letters) {
            if (("calendar:" + bad).equals(l.path("eventRef").asText())) {
                letter = l;
            }
        }
        assertThat(letter).as("dead letter for %s in %s", bad, letters).isNotNull();
        assertThat(letter.get("reason").asText()).contains("names no guest");
        assertThat(letter.get("routeId").asText()).isEqualTo("event-record");
        assertThat(letter.get("payload").asText()).contains(bad, "no details at all");

        String priya = records.linkedId(good).orElseThrow();
        assertThat(priya).isEqualTo("priya-thursday-2026-06-04");
        assertThat(sandbox.edge("2026-06-04/priya-guest.html").body()).contains("Priya", "Arrive by 10:15 AM");
    }

    @Test
    void crewChangeRewritesRecordAndPageButKeepsTheSignedWaiverAndPhotoCode() throws Exception {
        String id = sandbox.insertEvent("Omar – Sail", "Guest: Omar\nArrive by: 11:00\nCaptain: Sarah\nCrew: Darrell, Angelia",
                "2026-06-05T11:30:00-07:00", "2026-06-05T13:00:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(id).orElseThrow();
        String photoCode = records.item(eventId).get("photoCode").s();
        // The waiver system records a signature on its own.
        dynamo.updateItem(b -> b.tableName("jada-events").key(Map.of("eventId", AttributeValue.fromS(eventId)))
                .updateExpression("SET waiverStatus = :s").expressionAttributeValues(Map.of(":s", AttributeValue.fromS("signed"))));

        sandbox.patchDescription(id, "Guest: Omar\nArrive by: 11:00\nCaptain: Sarah\nCrew: Darrell, Angelia\nUpdated crew: Gene");
        CycleSummary summary = cycles.runCycle("test");

        assertThat(summary.recordsWritten()).isEqualTo(1);
        assertThat(summary.pathsInvalidated()).isEqualTo(1);
        Map<String, AttributeValue> record = records.item(eventId);
        assertThat(record.get("crew").l()).extracting(AttributeValue::s).containsExactly("Captain Sarah", "Deckhand Gene");
        assertThat(record.get("waiverStatus").s()).isEqualTo("signed");
        assertThat(record.get("photoCode").s()).isEqualTo(photoCode);
        String html = sandbox.edge(record.get("pageKey").s()).body();
        assertThat(html).contains("Deckhand Gene").doesNotContain("Angelia").doesNotContain("Darrell");
    }

    @Test
    void secondCharterOfTheSameGuestOnTheSameDayGetsItsOwnSlotId() throws Exception {
        String morning = sandbox.insertEvent("Lena – Morning sail", "Guest: Lena\nArrive by: 8:30",
                "2026-06-02T09:00:00-07:00", "2026-06-02T11:00:00-07:00");
        String afternoon = sandbox.insertEvent("Lena – Afternoon sail", "Guest: Lena\nArrive by: 13:30",
                "2026-06-02T14:00:00-07:00", "2026-06-02T16:00:00-07:00");
        cycles.runCycle("test");
        assertThat(List.of(records.linkedId(morning).orElseThrow(), records.linkedId(afternoon).orElseThrow()))
                .containsExactlyInAnyOrder("lena-tuesday-2026-06-02", "lena-tuesday-2026-06-02-afternoon");
        assertThat(sandbox.edge("2026-06-02/lena-afternoon-guest.html").body()).contains("Arrive by 1:30 PM");
    }

    @Test
    void pageChangedInS3ButNotInvalidatedIsServedStaleUntilInvalidated() throws Exception {
        s3.putObject(b -> b.bucket("jada-guest-pages").key("probe/stale.html").contentType("text/html"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("first", StandardCharsets.UTF_8));
        assertThat(sandbox.edge("probe/stale.html").body()).isEqualTo("first");
        s3.putObject(b -> b.bucket("jada-guest-pages").key("probe/stale.html").contentType("text/html"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("second", StandardCharsets.UTF_8));
        assertThat(sandbox.edge("probe/stale.html").body()).as("edge cache, not yet invalidated").isEqualTo("first");

        cloudFront.createInvalidation(b -> b.distributionId("E2XYZABC1234D").invalidationBatch(batch -> batch
                .callerReference("test-" + System.nanoTime()).paths(p -> p.quantity(1).items("/probe/*"))));
        assertThat(sandbox.edge("probe/stale.html").body()).isEqualTo("second");
    }
}
