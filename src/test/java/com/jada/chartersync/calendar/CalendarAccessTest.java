package com.jada.chartersync.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jada.chartersync.LocalSandboxTest;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.localcloud.LocalCloud;
import com.jada.chartersync.localcloud.calendar.OAuthServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's Google credentials on the embedded default, where every cycle refreshes access tokens at the
 * calendar sandbox's token endpoint: a revoked refresh token (the local switch an operator flips with curl) costs
 * one attempt per cycle and turns health and the board's header red with what to do; restored, they turn green.
 */
class CalendarAccessTest extends LocalSandboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REAUTHORIZE = "Google Calendar access was revoked or expired: re-authorize (how: ";

    @Autowired
    LocalCloud standIns;

    private final HttpClient http = HttpClient.newHttpClient();

    private int post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + CALENDAR_PORT + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode calendarHealth() throws Exception {
        return JSON.readTree(rest.getForObject("/actuator/health", String.class)).at("/components/calendarHealth");
    }

    @AfterEach
    void restore() throws Exception {
        post("/token/restore");
    }

    @Test
    void revokedRefreshTokenIsNotRetriedAndSaysReauthorize() throws Exception {
        assertThat(cycles.runCycle("test").failures()).isEmpty();
        OAuthServer oauth = standIns.oauth();
        int tokenRequests = oauth.tokenRequests("refresh_token");
        int calendarRequests = standIns.calendar().apiRequests();

        assertThat(post("/token/revoke")).isEqualTo(200);
        CycleSummary refused = cycles.runCycle("test");

        assertThat(refused.failures()).singleElement().asString().startsWith("calendar-read: " + REAUTHORIZE)
                .contains("--authorize", "GOOGLE_REFRESH_TOKEN", "invalid_grant");
        assertThat(refused.deadLettered()).isZero();
        assertThat(oauth.tokenRequests("refresh_token") - tokenRequests).as("token attempts in the cycle").isEqualTo(1);
        assertThat(standIns.calendar().apiRequests() - calendarRequests).as("calendar attempts in the cycle").isLessThanOrEqualTo(1);

        JsonNode health = calendarHealth();
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.at("/details/reason").asText()).startsWith(REAUTHORIZE);
        String board = rest.getForObject("/", String.class);
        assertThat(board).contains("<header class=\"refused\">", "id=\"calendar-access\"", REAUTHORIZE);

        assertThat(post("/token/restore")).isEqualTo(200);
        assertThat(cycles.runCycle("test").failures()).isEmpty();
        assertThat(calendarHealth().path("status").asText()).isEqualTo("UP");
        assertThat(rest.getForObject("/", String.class)).doesNotContain("id=\"calendar-access\"");
    }

    @Test
    void transientTokenEndpointFailureIsRetriedAndTheCycleSucceeds() {
        cycles.runCycle("test");
        OAuthServer oauth = standIns.oauth();
        int tokenRequests = oauth.tokenRequests("refresh_token");
        oauth.expireAccessTokens();
        oauth.failNextTokenRequests(1, 503);

        CycleSummary summary = cycles.runCycle("test");

        assertThat(summary.failures()).isEmpty();
        assertThat(oauth.tokenRequests("refresh_token") - tokenRequests).as("the 503, then the retry's token").isEqualTo(2);
    }
}
