package com.jada.chartersync.calendar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.calendar.Calendar;
import com.jada.chartersync.calendar.CalendarAccess;
import com.jada.chartersync.calendar.CalendarAuthorizationException;
import com.jada.chartersync.localcloud.calendar.CalendarSandbox;
import com.jada.chartersync.localcloud.calendar.OAuthServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The product's calendar client (ConfigurableCalendarClientFactory) against the calendar sandbox and its OAuth
 * server, without Spring: which token endpoint answers count as a refusal for good, which as a passing failure,
 * and how many attempts each costs.
 */
class CalendarCredentialsTest {

    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CalendarSandbox sandbox;
    private OAuthServer oauth;
    private final CalendarAccess access = new CalendarAccess();

    @BeforeEach
    void start() throws Exception {
        sandbox = new CalendarSandbox(null, "cal", "America/Los_Angeles").start("127.0.0.1", 0);
        oauth = sandbox.oauth();
        ObjectNode event = JSON.createObjectNode().put("summary", "Quinn – Sail");
        event.putObject("start").put("dateTime", "2026-06-01T10:00:00-07:00");
        event.putObject("end").put("dateTime", "2026-06-01T11:00:00-07:00");
        sandbox.insert(event);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private ConfigurableCalendarClientFactory factory(String auth) {
        String base = "http://127.0.0.1:" + sandbox.port();
        return new ConfigurableCalendarClientFactory(base + "/", URI.create(base + "/token"), auth, null, access);
    }

    private Calendar oauthClient(String secret, String refreshToken) {
        return factory("oauth").makeClient(CalendarSandbox.LOCAL_CLIENT_ID, secret, null, "test", refreshToken, null, null, null, null);
    }

    private static int list(Calendar calendar) throws IOException {
        return calendar.events().list("cal").execute().getItems().size();
    }

    @Test
    void readsTheCalendarWithAnAccessTokenRefreshedAtTheConfiguredTokenEndpoint() throws Exception {
        Calendar calendar = oauthClient(CalendarSandbox.LOCAL_CLIENT_SECRET, CalendarSandbox.LOCAL_REFRESH_TOKEN);
        assertThat(list(calendar)).isEqualTo(1);
        assertThat(list(calendar)).isEqualTo(1);
        assertThat(oauth.tokenRequests("refresh_token")).as("one refresh, then the cached access token").isEqualTo(1);
        assertThat(access.problem()).isNull();
    }

    @Test
    void revokedRefreshTokenIsRefusedForGoodAfterOneAttemptAndSaysReauthorize() throws Exception {
        Calendar calendar = oauthClient(CalendarSandbox.LOCAL_CLIENT_SECRET, CalendarSandbox.LOCAL_REFRESH_TOKEN);
        list(calendar);
        oauth.revoke(null);
        int calls = sandbox.apiRequests();

        assertThatThrownBy(() -> list(calendar)).isInstanceOf(CalendarAuthorizationException.class)
                .hasMessageStartingWith("Google Calendar access was revoked or expired: re-authorize (how: ")
                .hasMessageContaining("--authorize").hasMessageContaining("GOOGLE_REFRESH_TOKEN")
                .hasMessageContaining("invalid_grant: Token has been expired or revoked.")
                .message().doesNotContain(CalendarSandbox.LOCAL_REFRESH_TOKEN);
        assertThat(sandbox.apiRequests() - calls).as("the refused access token, once").isEqualTo(1);
        assertThat(oauth.tokenRequests("refresh_token")).as("one refresh at start, one after the 401").isEqualTo(2);
        assertThat(access.problem()).isNotNull();

        oauth.restore(null);
        assertThat(list(calendar)).isEqualTo(1);
        assertThat(access.problem()).as("the next answer clears it").isNull();
    }

    @Test
    void anAccessTokenTheCalendarNoLongerTakesIsRefreshedOnceAndTheCallRepeated() throws Exception {
        Calendar calendar = oauthClient(CalendarSandbox.LOCAL_CLIENT_SECRET, CalendarSandbox.LOCAL_REFRESH_TOKEN);
        list(calendar);
        oauth.expireAccessTokens();
        assertThat(list(calendar)).isEqualTo(1);
        assertThat(oauth.tokenRequests("refresh_token")).isEqualTo(2);
    }

    @Test
    void aTokenEndpointOutageIsAPassingFailureNotARefusal() throws Exception {
        Calendar calendar = oauthClient(CalendarSandbox.LOCAL_CLIENT_SECRET, CalendarSandbox.LOCAL_REFRESH_TOKEN);
        oauth.failNextTokenRequests(1, 503);
        assertThatThrownBy(() -> list(calendar)).isInstanceOf(IOException.class)
                .isNotInstanceOf(CalendarAuthorizationException.class);
        assertThat(access.problem()).isNull();
        assertThat(list(calendar)).as("the next attempt gets a token").isEqualTo(1);
    }

    @Test
    void wrongClientSecretIsRefusedForGoodNamingTheClientSettings() {
        Calendar calendar = oauthClient("not-the-secret", CalendarSandbox.LOCAL_REFRESH_TOKEN);
        assertThatThrownBy(() -> list(calendar)).isInstanceOf(CalendarAuthorizationException.class)
                .hasMessageContaining("GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET").hasMessageContaining("invalid_client")
                .message().doesNotContain("not-the-secret");
        assertThat(oauth.tokenRequests("refresh_token")).isEqualTo(1);
    }

    @Test
    void blankRefreshTokenIsRefusedWhenTheClientIsMadeNotRunWithoutCredentials() {
        assertThatThrownBy(() -> oauthClient(CalendarSandbox.LOCAL_CLIENT_SECRET, "  "))
                .hasMessageContaining("GOOGLE_REFRESH_TOKEN is empty");
    }

    @Test
    void serviceAccountWithDomainWideDelegationReadsTheCalendarThroughTheJwtBearerGrant() throws Exception {
        KeyPair keys = rsa();
        String email = "charter-sync@jada-test.iam.gserviceaccount.com";
        oauth.serviceAccount(email, keys.getPublic());
        Calendar calendar = factory("service-account").makeClient(null, serviceAccountKey(email, keys),
                List.of(OAuthServer.CALENDAR_EVENTS), "test", "dispatch@jada.example");

        assertThat(list(calendar)).isEqualTo(1);
        assertThat(oauth.tokenRequests(JWT_BEARER)).isEqualTo(1);
        assertThat(oauth.delegatedSubject(email)).as("the JWT's sub").isEqualTo("dispatch@jada.example");
    }

    @Test
    void serviceAccountKeyTheServerDoesNotAcceptIsRefusedForGood() throws Exception {
        String email = "charter-sync@jada-test.iam.gserviceaccount.com";
        oauth.serviceAccount(email, rsa().getPublic());
        Calendar calendar = factory("service-account").makeClient(null, serviceAccountKey(email, rsa()),
                List.of(OAuthServer.CALENDAR_EVENTS), "test", null);

        assertThatThrownBy(() -> list(calendar)).isInstanceOf(CalendarAuthorizationException.class)
                .hasMessageContaining("service account").hasMessageContaining("GOOGLE_SERVICE_ACCOUNT_KEY")
                .hasMessageContaining("invalid_grant: Invalid JWT Signature.");
        assertThat(oauth.tokenRequests(JWT_BEARER)).as("not retried").isEqualTo(1);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A key file as Google's console downloads it; its token_uri is Google's, the configured endpoint wins. */
    private static String serviceAccountKey(String email, KeyPair keys) throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        return JSON.writeValueAsString(JSON.createObjectNode().put("type", "service_account").put("project_id", "jada-test")
                .put("private_key_id", "k1").put("private_key", pem).put("client_email", email).put("client_id", "1234")
                .put("token_uri", "https://oauth2.googleapis.com/token"));
    }
}
