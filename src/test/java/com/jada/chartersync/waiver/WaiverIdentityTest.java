package com.jada.chartersync.waiver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.jada.chartersync.waiver.WaiverFunctionFixture.GUARDIAN;
import static com.jada.chartersync.waiver.WaiverFunctionFixture.person;
import static com.jada.chartersync.waiver.WaiverFunctionFixture.submit;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every participant of every submission is its own stored waiver, told "signed" only once stored; the same person
 * is stored once; the party size holds however many sign at once. The waiver function through its Invoke API and
 * its function URL, on dynalite, without the rest of the runtime.
 */
class WaiverIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WaiverFunctionFixture function;

    @BeforeAll
    static void start() throws Exception {
        function = new WaiverFunctionFixture();
    }

    @AfterAll
    static void stop() {
        function.close();
    }

    private static JsonNode answer(InvokeResponse r) throws Exception {
        assertThat(r.functionError()).as(r.payload().asUtf8String()).isNull();
        return JSON.readTree(r.payload().asUtf8String());
    }

    private static String refusal(InvokeResponse r) throws Exception {
        assertThat(r.functionError()).as("a function error").isEqualTo("Unhandled");
        return JSON.readTree(r.payload().asUtf8String()).get("errorMessage").asText();
    }

    private static JsonNode verify(String eventId) throws Exception {
        return answer(function.invoke("{\"action\":\"verify\",\"eventId\":\"" + eventId + "\"}"));
    }

    @Test
    void namesWithoutLatinLettersAreDistinctWaivers() throws Exception {
        String eventId = function.charter("Zhang", "2026-06-16", 4);

        JsonNode first = answer(function.invoke(submit(eventId, person("张伟", "1988-08-08"), null)));
        JsonNode second = answer(function.invoke(submit(eventId, person("李娜", "1988-08-08"), null)));
        JsonNode both = answer(function.invoke(submit(function.charter("Kim", "2026-06-16", 4) + "", person("김민준", "1990-01-01")
                + "," + person("김서연", "1990-01-01") + "," + person("कमल", "1990-01-01") + "," + person("किमल", "1990-01-01"), null)));

        assertThat(first.get("stored").asInt()).isEqualTo(1);
        assertThat(second.get("stored").asInt()).isEqualTo(1);
        assertThat(verify(eventId).get("signed").asInt()).isEqualTo(2);
        assertThat(function.waivers(eventId)).extracting(w -> w.get("participantName").s())
                .containsExactlyInAnyOrder("张伟", "李娜");
        assertThat(both.get("stored").asInt()).as("Hangul and Devanagari names are four people").isEqualTo(4);
    }

    @Test
    void twoGuestsWithTheSameBirthDateAreBothStored() throws Exception {
        String eventId = function.charter("Twin", "2026-06-16", 3);

        // two people, two scripts, one birth date: a key built from Latin letters alone made them one
        answer(function.invoke(submit(eventId, person("Ольга Иванова", "1991-03-03"), null)));
        JsonNode second = answer(function.invoke(submit(eventId, person("Νίκος Παππάς", "1991-03-03"), null)));

        assertThat(second.get("stored").asInt()).isEqualTo(1);
        assertThat(second.get("signed").asInt()).isEqualTo(2);
        assertThat(function.waivers(eventId)).hasSize(2)
                .allSatisfy(w -> assertThat(w.get("waiverId").s()).startsWith(eventId + "#"));
        assertThat(function.record(eventId).get("waiversSigned").n()).isEqualTo("2");
    }

    @Test
    void sameGuestSigningTwiceIsAlreadySigned() throws Exception {
        String eventId = function.charter("Dara", "2026-06-16", 2);
        answer(function.invoke(submit(eventId, person("Dara Ní Bhriain", "1985-05-05"), null)));

        JsonNode again = answer(function.invoke(submit(eventId, person("dara ni bhriain", "1985-05-05"), null)));
        HttpResponse<String> form = function.formPost(eventId,
                "name=Dara+N%C3%AD+Bhriain&dateOfBirth=1985-05-05&signature=Dara&acceptedTerms=on");

        assertThat(again.get("stored").asInt()).isZero();
        assertThat(again.get("alreadySigned").asInt()).isEqualTo(1);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("Already signed", "has already signed").doesNotContain("Your waiver is signed");
        assertThat(function.waivers(eventId)).hasSize(1);
        assertThat(verify(eventId).get("signed").asInt()).isEqualTo(1);
    }

    @Test
    void birthDateAfterTheCharterIsRefused() throws Exception {
        // the charter is in the past: a birth date after it is not in the future, and is still impossible
        String eventId = function.charter("Early", "2026-06-16", 2);

        String message = refusal(function.invoke(submit(eventId, person("Early", "2026-06-20"), GUARDIAN)));

        assertThat(message).contains("participants[0].dateOfBirth: after the charter date (2026-06-16)");
        assertThat(function.waivers(eventId)).isEmpty();
    }

    @Test
    void agesCountOnTheCharterDate() throws Exception {
        // 18 on the day after the charter: a minor on the charter date, whatever the date today
        String eventId = function.charter("Teen", "2026-06-16", 2);

        assertThat(refusal(function.invoke(submit(eventId, person("Teen", "2008-06-17"), null)))).contains("guardian.name");
        assertThat(answer(function.invoke(submit(eventId, person("Teen", "2008-06-16"), null))).get("stored").asInt()).isEqualTo(1);
    }

    @Test
    void formatCharactersAreRefused() throws Exception {
        String eventId = function.charter("Hidden", "2026-06-16", 4);
        Map<String, String> hostile = Map.of("Li\\u200bNa", "U+200B", "\\ufeffAmir", "U+FEFF", "Sara\\u061c", "U+061C",
                "Eve\\u202e", "U+202E", "Ann\\u00adMarie", "U+00AD");

        for (Map.Entry<String, String> name : hostile.entrySet()) {
            assertThat(refusal(function.invoke(submit(eventId, person(name.getKey(), "1990-01-01"), null))))
                    .as(name.getKey()).contains("participants[0].name: contains", name.getValue());
        }
        String guardian = refusal(function.invoke(submit(eventId, person("Kid", "2015-01-01"),
                "{\"name\":\"Pat\\u200bLee\",\"relationship\":\"parent\",\"signature\":\"Pat Lee\"}")));
        assertThat(guardian).contains("guardian.name: contains an invisible format character (U+200B)");
        assertThat(function.waivers(eventId)).isEmpty();
    }

    @Test
    void concurrentSubmissionsNeverExceedThePartySize() throws Exception {
        String eventId = function.charter("Crowd", "2026-06-16", 3);
        int guests = 10;
        ExecutorService pool = Executors.newFixedThreadPool(guests);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<InvokeResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < guests; i++) {
                String payload = submit(eventId, person("Guest " + (char) ('A' + i), "1980-01-0" + (1 + i % 9)), null);
                Callable<InvokeResponse> call = () -> {
                    go.await();
                    return function.invoke(payload);
                };
                answers.add(pool.submit(call));
            }
            go.countDown();
            int accepted = 0;
            for (Future<InvokeResponse> f : answers) {
                InvokeResponse r = f.get();
                if (r.functionError() == null) {
                    accepted++;
                } else {
                    assertThat(r.payload().asUtf8String()).contains("booked for a party of 3");
                }
            }
            assertThat(accepted).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(function.waivers(eventId)).hasSize(3);
        assertThat(verify(eventId).get("signed").asInt()).isEqualTo(3);
    }

    @Test
    void concurrentResubmissionsOfOneGuestAreStoredOnce() throws Exception {
        String eventId = function.charter("Echo", "2026-06-16", 5);
        String payload = submit(eventId, person("Echo", "1979-07-07"), null);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<InvokeResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> function.invoke(payload)));
            }
            int stored = 0;
            for (Future<InvokeResponse> f : answers) {
                stored += answer(f.get()).get("stored").asInt();
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(function.waivers(eventId)).hasSize(1);
    }

    @Test
    void waiversStoredBeforeTheLedgerStillCountAsSigned() throws Exception {
        // the key scheme before every participant had their own: eventId#name-key#birth date
        String eventId = function.charter("Legacy", "2026-06-16", 2);
        function.dynamo.putItem(b -> b.tableName("jada-waivers").item(Map.of(
                "waiverId", AttributeValue.fromS(eventId + "#lea#1980-01-01"), "eventId", AttributeValue.fromS(eventId),
                "eventDate", AttributeValue.fromS("2026-06-16"), "participantName", AttributeValue.fromS("Lea"),
                "dateOfBirth", AttributeValue.fromS("1980-01-01"))));

        JsonNode again = answer(function.invoke(submit(eventId, person("LEA", "1980-01-01"), null)));

        assertThat(again.get("alreadySigned").asInt()).isEqualTo(1);
        assertThat(again.get("signed").asInt()).isEqualTo(1);
        assertThat(refusal(function.invoke(submit(eventId, person("Mo", "1981-01-01") + "," + person("Nia", "1982-01-01"), null))))
                .contains("party of 2 and 1 waiver is signed already; only 1 more can be added");
    }

    @Test
    void theFormSaysWhatToFixBesideTheFieldInItsOwnWordsAndKeepsWhatWasTyped() throws Exception {
        String eventId = function.charter("Fern", "2026-06-16", 2);

        HttpResponse<String> post = function.formPost(eventId,
                "name=Fern+Jr&dateOfBirth=2013-03-03&signature=Fern+Jr&guardianRelationship=aunt&acceptedTerms=on");

        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(post.body())
                .contains("id=\"guardianName\" name=\"guardianName\" type=\"text\" value=\"\" aria-invalid=\"true\" "
                        + "aria-describedby=\"guardianName-error\" autofocus><p class=\"field-error\" id=\"guardianName-error\">"
                        + "Guardian&#39;s full name is needed for a participant under 18.</p>")
                .contains("Guardian&#39;s signature is needed for a participant under 18.")
                .contains("value=\"Fern Jr\"", "value=\"aunt\"", "value=\"2013-03-03\"", " checked")
                .doesNotContain("guardian.name", "guardian.signature", "guardianRelationship-error");
        // programs keep the field paths
        assertThat(refusal(function.invoke(submit(eventId, person("Fern Jr", "2013-03-03"), null))))
                .contains("guardian.name: required for a participant under 18");
    }
}
