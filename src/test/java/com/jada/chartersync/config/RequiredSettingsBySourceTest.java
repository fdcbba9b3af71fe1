package com.jada.chartersync.config;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** What a deployment must give depends on how it reads the calendar. */
class RequiredSettingsBySourceTest {

    private static MockEnvironment deployment() {
        return new MockEnvironment()
                .withProperty("charter.pages.bucket", "b").withProperty("charter.pages.distribution-id", "d")
                .withProperty("charter.pages.edge-url", "https://e").withProperty("charter.pages.waiver-form-url", "https://w")
                .withProperty("charter.pages.photo-code-key", "k")
                .withProperty("charter.waiver.function", "f").withProperty("charter.security.enabled", "false");
    }

    @Test
    void theApiSourceNeedsTheCalendarIdAndGoogleOAuthCredentials() {
        assertThat(RequiredSettings.missing(deployment())).extracting(RequiredSettings.Setting::environmentVariable)
                .containsExactly("GOOGLE_CALENDAR_ID", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "GOOGLE_REFRESH_TOKEN");
    }

    @Test
    void theIcalSourceNeedsTheFeedAddressInsteadOfGoogleCredentials() {
        MockEnvironment env = deployment().withProperty("charter.calendar.source", "ical");
        assertThat(RequiredSettings.missing(env)).extracting(RequiredSettings.Setting::environmentVariable)
                .containsExactly("CHARTER_CALENDAR_ICAL_URL");
        env.setProperty("charter.calendar.ical-url", "https://calendar.google.com/calendar/ical/x/private-y/basic.ics");
        assertThat(RequiredSettings.missing(env)).isEmpty();
    }

    @Test
    void pushNotificationsNeedTheAddressGoogleReachesTheRuntimeAt() {
        MockEnvironment env = deployment().withProperty("charter.calendar.id", "c")
                .withProperty("camel.component.google-calendar.client-id", "i")
                .withProperty("camel.component.google-calendar.client-secret", "s")
                .withProperty("camel.component.google-calendar.refresh-token", "r")
                .withProperty("charter.calendar.push.enabled", "true");
        assertThat(RequiredSettings.missing(env)).extracting(RequiredSettings.Setting::environmentVariable)
                .containsExactly("CHARTER_CALENDAR_PUSH_PUBLIC_BASE_URL");
    }

    @Test
    void anUnknownSourceIsNamed() {
        assertThat(RequiredSettings.missing(deployment().withProperty("charter.calendar.source", "carddav")))
                .extracting(RequiredSettings.Setting::environmentVariable).containsExactly("CHARTER_CALENDAR_SOURCE");
    }
}
