package com.jada.chartersync.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** What stops a deployment at start, before any bean reaches for a service. */
class RequiredSettingsTest {

    private static MockEnvironment complete() {
        return new MockEnvironment()
                .withProperty("charter.calendar.id", "jada-internal")
                .withProperty("charter.pages.bucket", "jada-guest-pages")
                .withProperty("charter.pages.distribution-id", "E2XYZABC1234D")
                .withProperty("charter.pages.edge-url", "https://d1.example")
                .withProperty("charter.pages.waiver-form-url", "https://w.example")
                .withProperty("charter.pages.photo-code-key", "a-secret")
                .withProperty("charter.waiver.function", "jada-waiver")
                .withProperty("camel.component.google-calendar.client-id", "id")
                .withProperty("camel.component.google-calendar.client-secret", "secret")
                .withProperty("camel.component.google-calendar.refresh-token", "1//token")
                .withProperty("charter.security.operator-user", "operator")
                .withProperty("charter.security.operator-password", "correct-horse-battery");
    }

    private static java.util.List<String> named(MockEnvironment env) {
        return RequiredSettings.missing(env).stream().map(RequiredSettings.Setting::environmentVariable).toList();
    }

    @Test
    void aCompleteOAuthDeploymentStarts() {
        assertThat(RequiredSettings.missing(complete())).isEmpty();
    }

    @Test
    void requiredNamesWhatADeploymentGivesEvenWhenItIsAllGiven() {
        assertThat(RequiredSettings.required(complete().withProperty("charter.calendar.push.enabled", "true")))
                .extracting(RequiredSettings.Setting::environmentVariable)
                .containsExactly("GOOGLE_CALENDAR_ID", "CHARTER_PAGES_BUCKET", "CHARTER_EDGE_URL", "CHARTER_WAIVER_FORM_URL",
                        "CHARTER_PHOTO_CODE_KEY", "CHARTER_WAIVER_FUNCTION", "CHARTER_DISTRIBUTION_ID",
                        "CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET",
                        "GOOGLE_REFRESH_TOKEN", "CHARTER_OPERATOR_USER", "CHARTER_OPERATOR_PASSWORD");
        assertThat(RequiredSettings.missing(complete().withProperty("charter.calendar.push.enabled", "true")))
                .extracting(RequiredSettings.Setting::environmentVariable)
                .containsExactly("CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL");
    }

    @Test
    void blankRefreshTokenStopsTheStartNamingIt() {
        assertThat(named(complete().withProperty("camel.component.google-calendar.refresh-token", "  \t")))
                .containsExactly("GOOGLE_REFRESH_TOKEN");
    }

    @Test
    void serviceAccountNeedsItsKeyAndNoOAuthClientBesideIt() {
        MockEnvironment env = complete().withProperty("charter.calendar.auth", "service-account")
                .withProperty("camel.component.google-calendar.service-account-key", " ");
        assertThat(named(env)).containsExactly("GOOGLE_SERVICE_ACCOUNT_KEY", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET");
        assertThat(RequiredSettings.missing(env).get(1).problem()).contains("must be empty");

        env.withProperty("camel.component.google-calendar.service-account-key", "file:/secrets/key.json")
                .withProperty("camel.component.google-calendar.client-id", "")
                .withProperty("camel.component.google-calendar.client-secret", "");
        assertThat(RequiredSettings.missing(env)).isEmpty();
    }

    @Test
    void aModeWithoutCredentialsIsNoLongerAccepted() {
        assertThat(RequiredSettings.missing(complete().withProperty("charter.calendar.auth", "none")))
                .singleElement().satisfies(s -> {
                    assertThat(s.environmentVariable()).isEqualTo("CHARTER_CALENDAR_AUTH");
                    assertThat(s.problem()).contains("must be oauth or service-account");
                });
    }
}
