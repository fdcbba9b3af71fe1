package com.jada.chartersync.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.PublishedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The waiver function behind the Lambda Invoke API stand-in, called with the real AWS SDK and Camel. */
class WaiverFunctionTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    LambdaClient lambda;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A charter on 2026-06-16 with a party of {@code party}; answers its eventId once published. */
    private String charter(String guest, int party) throws Exception {
        String id = sandbox.insertEvent(guest + " – Sail", "Guest: " + guest + "\nArrive by: 9:00\nCaptain: Sarah\nParty size: " + party,
                "2026-06-16T09:30:00-07:00", "2026-06-16T11:00:00-07:00");
        cycles.runCycle("test");
        return records.linkedId(id).orElseThrow();
    }

    private InvokeResponse invoke(String payload) {
        return lambda.invoke(b -> b.functionName("jada-waiver").payload(SdkBytes.fromUtf8String(payload)));
    }

    private static String submit(String eventId, String participants, String guardian) {
        return "{\"action\":\"submit\",\"eventId\":\"" + eventId + "\",\"participants\":[" + participants + "],"
                + "\"signature\":\"Pat Lee\",\"acceptedTerms\":true" + (guardian == null ? "" : ",\"guardian\":" + guardian) + "}";
    }

    private static final String GUARDIAN = "{\"name\":\"Pat Lee\",\"relationship\":\"parent\",\"signature\":\"Pat Lee\"}";

    private String waiverStatus(String eventId) {
        return records.item(eventId).get("waiverStatus").s();
    }

    @Test
    void statusMovesFromPendingToPartialToSignedAsParticipantsSign() throws Exception {
        String eventId = charter("Ansel", 2);
        assertThat(waiverStatus(eventId)).isEqualTo("pending");

        InvokeResponse first = invoke(submit(eventId, "{\"name\":\"Ansel\",\"dateOfBirth\":\"1980-04-02\"}", null));
        assertThat(first.functionError()).isNull();
        assertThat(JSON.readTree(first.payload().asUtf8String()).get("waiverStatus").asText()).isEqualTo("partial");
        assertThat(waiverStatus(eventId)).isEqualTo("partial");

        invoke(submit(eventId, "{\"name\":\"Bea\",\"dateOfBirth\":\"1982-09-12\"}", null));
        assertThat(waiverStatus(eventId)).isEqualTo("signed");
    }

    @Test
    void minorWithoutGuardianIsRejectedWithTheGuardianFieldsNamed() throws Exception {
        String eventId = charter("Quentin", 2);
        InvokeResponse r = invoke(submit(eventId, "{\"name\":\"Quentin\",\"dateOfBirth\":\"2010-02-01\"}", null));

        assertThat(r.functionError()).isEqualTo("Unhandled");
        JsonNode error = JSON.readTree(r.payload().asUtf8String());
        assertThat(error.get("errorMessage").asText()).contains("guardian.name", "guardian.relationship", "guardian.signature");
        assertThat(waiverStatus(eventId)).isEqualTo("pending");
    }

    @Test
    void minorWithGuardianIsAcceptedAndOneGuardianSignsForTwoMinors() throws Exception {
        String eventId = charter("Mira", 3);
        InvokeResponse r = invoke(submit(eventId, "{\"name\":\"Mira\",\"dateOfBirth\":\"2012-05-05\"},"
                + "{\"name\":\"Milo\",\"dateOfBirth\":\"2014-07-07\"}", GUARDIAN));
        assertThat(r.functionError()).isNull();
        JsonNode result = JSON.readTree(r.payload().asUtf8String());
        assertThat(result.get("stored").asInt()).isEqualTo(2);
        assertThat(result.get("signed").asInt()).isEqualTo(2);
        assertThat(waiverStatus(eventId)).isEqualTo("partial");
    }

    @Test
    void sameWaiverSubmittedTwiceIsStoredOnce() throws Exception {
        String eventId = charter("Dorian", 2);
        String payload = submit(eventId, "{\"name\":\"Dorian\",\"dateOfBirth\":\"1990-01-01\"}", null);
        invoke(payload);
        JsonNode again = JSON.readTree(invoke(payload).payload().asUtf8String());
        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("signed").asInt()).isEqualTo(1);
    }

    @Test
    void aParticipantSignedTwiceIsOneSignatureEvenSpelledDifferentlyOrListedTwice() throws Exception {
        String eventId = charter("Dorothea", 2);
        JsonNode twice = JSON.readTree(invoke(submit(eventId, "{\"name\":\"Dorothea Gray\",\"dateOfBirth\":\"1990-01-01\"},"
                + "{\"name\":\"dorothea  gray\",\"dateOfBirth\":\"1990-01-01\"}", null)).payload().asUtf8String());
        assertThat(twice.get("stored").asInt()).isEqualTo(1);
        assertThat(twice.get("signed").asInt()).isEqualTo(1);
        assertThat(waiverStatus(eventId)).isEqualTo("partial");
    }

    @Test
    void submissionsBeyondThePartySizeAreRefusedNamingParticipants() throws Exception {
        String eventId = charter("Pia", 1);
        assertThat(invoke(submit(eventId, "{\"name\":\"Pia\",\"dateOfBirth\":\"1985-01-01\"}", null)).functionError()).isNull();

        InvokeResponse extra = invoke(submit(eventId, "{\"name\":\"Stranger\",\"dateOfBirth\":\"1984-01-01\"}", null));
        assertThat(extra.functionError()).isEqualTo("Unhandled");
        assertThat(JSON.readTree(extra.payload().asUtf8String()).get("errorMessage").asText())
                .contains("participants: this charter is booked for a party of 1 and 1 waiver is signed already");
        assertThat(records.item(eventId).get("waiversSigned").n()).isEqualTo("1");
        assertThat(records.item(eventId).get("waiversExpected").n()).isEqualTo("1");
        // the one who signed may sign again: still one signature, not a refusal
        assertThat(invoke(submit(eventId, "{\"name\":\"Pia\",\"dateOfBirth\":\"1985-01-01\"}", null)).functionError()).isNull();
    }

    @Test
    void raisingThePartySizeCountsFurtherWaiversAgainstTheNewSize() throws Exception {
        String calendarId = sandbox.insertEvent("Rhea – Sail", "Guest: Rhea\nArrive by: 9:00\nCaptain: Sarah\nParty size: 1",
                "2026-06-16T07:30:00-07:00", "2026-06-16T08:30:00-07:00");
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();
        invoke(submit(eventId, "{\"name\":\"Rhea\",\"dateOfBirth\":\"1985-01-01\"}", null));
        assertThat(invoke(submit(eventId, "{\"name\":\"Rafe\",\"dateOfBirth\":\"1986-01-01\"}", null)).functionError())
                .isEqualTo("Unhandled");

        sandbox.patchDescription(calendarId, "Guest: Rhea\nArrive by: 9:00\nCaptain: Sarah\nParty size: 2");
        cycles.runCycle("test");
        InvokeResponse now = invoke(submit(eventId, "{\"name\":\"Rafe\",\"dateOfBirth\":\"1986-01-01\"}", null));
        assertThat(now.functionError()).isNull();
        assertThat(JSON.readTree(now.payload().asUtf8String()).get("waiverStatus").asText()).isEqualTo("signed");
        assertThat(records.item(eventId).get("waiversSigned").n()).isEqualTo("2");
    }

    @Test
    void aThirdFormPostForAOnePersonPartyIsRefusedAndNobodySeesMoreSignedThanExpected() throws Exception {
        String eventId = charter("Otto", 1);
        HttpResponse<String> first = formPost(eventId, "name=Otto&dateOfBirth=1980-01-01&signature=Otto&acceptedTerms=on");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("Every waiver for this charter is signed.");

        for (String guest : new String[] {"Mallory", "Eve"}) {
            HttpResponse<String> extra = formPost(eventId, "name=" + guest + "&dateOfBirth=1981-01-01&signature=" + guest
                    + "&acceptedTerms=on");
            assertThat(extra.statusCode()).as(guest).isEqualTo(400);
            assertThat(extra.body()).contains("This charter is booked for a party of 1")
                    .doesNotContain(" of 1 signed", "2 of 1");
        }
        assertThat(records.item(eventId).get("waiversSigned").n()).isEqualTo("1");
        assertThat(waiverStatus(eventId)).isEqualTo("signed");
    }

    private HttpResponse<String> formPost(String eventId, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LAMBDA_PORT + "/waiver?eventId=" + eventId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("eventId=" + eventId + "&" + form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void eachWaiverCarriesItsCharterDateSoADaysWaiversAreOneQuery() throws Exception {
        String eventId = charter("Odile", 2);
        invoke(submit(eventId, "{\"name\":\"Odile\",\"dateOfBirth\":\"1985-03-03\"}", null));

        var day = dynamo.query(b -> b.tableName("jada-waivers").indexName(WaiverService.DATE_INDEX)
                .keyConditionExpression("eventDate = :d")
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("2026-06-16")))).items();
        assertThat(day).filteredOn(w -> w.get("eventId").s().equals(eventId))
                .singleElement().satisfies(w -> assertThat(w.get("participantName").s()).isEqualTo("Odile"));
    }

    @Test
    void dateWaiversGivesUndatedAndMovedWaiversTheirCharterCurrentDate() throws Exception {
        String eventId = charter("Piet", 2);
        String undated = eventId + "#piet#1980-01-01";
        String moved = eventId + "#saar#1981-01-01";
        dynamo.putItem(b -> b.tableName("jada-waivers").item(Map.of("waiverId", AttributeValue.fromS(undated),
                "eventId", AttributeValue.fromS(eventId), "participantName", AttributeValue.fromS("Piet"))));
        dynamo.putItem(b -> b.tableName("jada-waivers").item(Map.of("waiverId", AttributeValue.fromS(moved),
                "eventId", AttributeValue.fromS(eventId), "participantName", AttributeValue.fromS("Saar"),
                "eventDate", AttributeValue.fromS("2026-06-09"))));

        JsonNode answer = JSON.readTree(invoke("{\"action\":\"date-waivers\"}").payload().asUtf8String());

        assertThat(answer.get("dated").asInt()).isGreaterThanOrEqualTo(2);
        for (String id : List.of(undated, moved)) {
            assertThat(dynamo.getItem(b -> b.tableName("jada-waivers").key(Map.of("waiverId", AttributeValue.fromS(id))))
                    .item().get("eventDate").s()).as(id).isEqualTo("2026-06-16");
        }
        JsonNode again = JSON.readTree(invoke("{\"action\":\"date-waivers\"}").payload().asUtf8String());
        assertThat(again.get("dated").asInt()).as("nothing left to date").isZero();
    }

    @Test
    void invalidSubmissionsAreRefusedFieldByField() throws Exception {
        String eventId = charter("Ivo", 2);
        String future = "{\"action\":\"submit\",\"eventId\":\"" + eventId + "\",\"participants\":[{\"name\":\"Ivo\","
                + "\"dateOfBirth\":\"2999-01-01\"}],\"signature\":\"\",\"acceptedTerms\":false}";
        String message = JSON.readTree(invoke(future).payload().asUtf8String()).get("errorMessage").asText();
        assertThat(message).contains("participants[0].dateOfBirth", "signature: required", "acceptedTerms");
        String unknown = JSON.readTree(invoke(submit("nobody-monday-2026-06-01", "{\"name\":\"X\",\"dateOfBirth\":\"1990-01-01\"}", null))
                .payload().asUtf8String()).get("errorMessage").asText();
        assertThat(unknown).contains("eventId: unknown event");
        String huge = "x".repeat(500);
        String oversized = JSON.readTree(invoke(submit(eventId, "{\"name\":\"" + huge + "\",\"dateOfBirth\":\"1990-01-01\"}", null))
                .payload().asUtf8String()).get("errorMessage").asText();
        assertThat(oversized).contains("participants[0].name: longer than");
    }

    @Test
    void cancelledCharterRefusesWaivers() throws Exception {
        String calendarId = sandbox.insertEvent("Cyra – Sail", "Guest: Cyra\nArrive by: 9:00\nCaptain: Sarah",
                "2026-06-16T13:30:00-07:00", "2026-06-16T15:00:00-07:00");
        cycles.runCycle("test");
        sandbox.deleteEvent(calendarId);
        cycles.runCycle("test");
        String eventId = records.linkedId(calendarId).orElseThrow();

        InvokeResponse r = invoke(submit(eventId, "{\"name\":\"Cyra\",\"dateOfBirth\":\"1990-01-01\"}", null));
        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(r.payload().asUtf8String()).contains("cancelled");
    }

    @Test
    void oneVerifyInvokeAnswersManyEventsInTheOrderAsked() throws Exception {
        String signedOne = charter("Brisa", 1);
        String pendingTwo = charter("Corin", 2);
        invoke(submit(signedOne, "{\"name\":\"Brisa\",\"dateOfBirth\":\"1985-01-01\"}", null));

        InvokeResponse r = invoke("{\"action\":\"verify\",\"eventIds\":[\"" + pendingTwo + "\",\"nobody-monday-2026-06-01\",\""
                + signedOne + "\"]}");
        assertThat(r.functionError()).isNull();
        JsonNode results = JSON.readTree(r.payload().asUtf8String()).get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("eventId").asText()).isEqualTo(pendingTwo);
        assertThat(results.get(0).get("waiverStatus").asText()).isEqualTo("pending");
        assertThat(results.get(0).get("expected").asInt()).isEqualTo(2);
        assertThat(results.get(1).get("known").asBoolean()).isFalse();
        assertThat(results.get(2).get("waiverStatus").asText()).isEqualTo("signed");
        assertThat(results.get(2).get("signed").asInt()).isEqualTo(1);
        // each entry is what the single-event verify answers
        JsonNode single = JSON.readTree(invoke("{\"action\":\"verify\",\"eventId\":\"" + signedOne + "\"}").payload().asUtf8String());
        assertThat(results.get(2)).isEqualTo(single);
    }

    @Test
    void aVerifyBatchWithABlankIdOrTooManyIdsIsRefused() throws Exception {
        InvokeResponse blank = invoke("{\"action\":\"verify\",\"eventIds\":[\"a\",\"\"]}");
        assertThat(blank.functionError()).isEqualTo("Unhandled");
        assertThat(blank.payload().asUtf8String()).contains("eventIds[1]: required");
        String many = "\"x\"," .repeat(1000) + "\"x\"";
        InvokeResponse tooMany = invoke("{\"action\":\"verify\",\"eventIds\":[" + many + "]}");
        assertThat(tooMany.payload().asUtf8String()).contains("at most 1000");
    }

    @Test
    void syncVerifiesEachPublishedEventWithTheWaiverFunction() throws Exception {
        sandbox.insertEvent("Vera – Sail", "Guest: Vera\nArrive by: 9:00\nCaptain: Sarah",
                "2026-06-16T15:30:00-07:00", "2026-06-16T17:00:00-07:00");
        CycleSummary summary = cycles.runCycle("test");
        assertThat(summary.waiversVerified()).isEqualTo(summary.pagesVerified()).isGreaterThanOrEqualTo(1);
        assertThat(summary.calls()).containsEntry("lambda.Invoke", 1L);
    }

    @Test
    void aFunctionErrorDuringVerificationIsAnExceptionThatEndsInTheDeadLetterStore() throws Exception {
        PublishedPage broken = new PublishedPage("", null, "2026-06-16/nobody-guest.html", "\"1\"", "abc", "etag");
        CycleSummary summary = cycles.runPayload("test", "direct:waiver-verify", java.util.List.of(broken));

        assertThat(summary.deadLettered()).isEqualTo(1);
        assertThat(summary.failures().get(0)).startsWith("waiver-verify: ").contains("waiver function failed", "eventIds[0]: required");
        assertThat(rest.getForObject("/api/dead-letters", String.class)).contains("waiver-verify");
    }

    @Test
    void theFormRendersForAKnownEventAndAPostWithoutGuardianShowsTheReason() throws Exception {
        String eventId = charter("Fern", 2);
        String base = "http://127.0.0.1:" + LAMBDA_PORT + "/waiver?eventId=" + eventId;
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("<form", "name=\"guardianName\"", eventId);
        assertThat(sandbox.edge(records.item(eventId).get("pageKey").s()).body()).contains("src=\"http://127.0.0.1:" + LAMBDA_PORT
                + "/waiver?eventId=" + eventId);

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("eventId=" + eventId + "&name=Fern+Jr&dateOfBirth=2013-03-03"
                        + "&signature=Fern+Jr&acceptedTerms=on")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).contains("Guardian&#39;s signature is needed for a participant under 18.", "value=\"Fern Jr\"");
    }

    @Test
    void namesSignaturesAndRelationshipMustBeSingleLinesOfPrintableText() throws Exception {
        String eventId = charter("Lina", 2);
        String payload = "{\"action\":\"submit\",\"eventId\":\"" + eventId + "\",\"participants\":[{\"name\":"
                + "\"Lina\\nGuest: Mallory\",\"dateOfBirth\":\"2012-03-03\"}],\"signature\":\"Pat\\u001bLee\",\"acceptedTerms\":true,"
                + "\"guardian\":{\"name\":\"Pat Lee\",\"relationship\":\"par\\u0000ent\",\"signature\":\"" + "p".repeat(101) + "\"}}";

        InvokeResponse r = invoke(payload);

        assertThat(r.functionError()).isEqualTo("Unhandled");
        assertThat(JSON.readTree(r.payload().asUtf8String()).get("errorMessage").asText()).contains(
                "participants[0].name: must be a single line", "signature: contains a control character (U+001B)",
                "guardian.relationship: contains a control character (U+0000)", "guardian.signature: longer than 100 characters");
        assertThat(waiverStatus(eventId)).isEqualTo("pending");
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void badFormEncodingAnswers400AndLogsAWarningWithoutTheBody(CapturedOutput output) throws Exception {
        String eventId = charter("Pia", 1);
        String base = "http://127.0.0.1:" + LAMBDA_PORT + "/waiver?eventId=" + eventId;

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("signature=Priya+Secretname&name=%zz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body()).contains("The form could not be read");
        assertThat(output.getOut()).contains("WARN", "Waiver form for event " + eventId + " refused with 400")
                .doesNotContain("Secretname").doesNotContain("%zz");
        assertThat(waiverStatus(eventId)).isEqualTo("pending");

        HttpResponse<String> multiLine = http.send(HttpRequest.newBuilder(URI.create(base))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("eventId=" + eventId + "&name=Pia%0AGuest%3A+Mallory&dateOfBirth=1990-03-03"
                        + "&signature=Pia&acceptedTerms=on")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(multiLine.statusCode()).isEqualTo(400);
        assertThat(multiLine.body()).contains("The participant&#39;s full name must be on one line.");
        assertThat(waiverStatus(eventId)).isEqualTo("pending");
    }
}
