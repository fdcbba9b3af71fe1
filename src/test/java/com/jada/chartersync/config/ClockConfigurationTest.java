package com.jada.chartersync.config;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The board's and the manifest's clock: real, or fixed by {@code charter.clock.fixed} for a demo. */
class ClockConfigurationTest {

    static CharterSyncProperties properties(String fixed) {
        return new CharterSyncProperties(new CharterSyncProperties.Calendar("jada-internal", ZoneId.of("America/Los_Angeles"),
                null, null, null, Duration.ofDays(1), Duration.ofDays(60), 250, null, null, null, null, null, null, null, null), null, null, null, null, null, null,
                new CharterSyncProperties.ClockSettings(fixed));
    }

    @Test
    void fixedClockStandsAtTheGivenInstantInTheMarinasZone() {
        Clock clock = new ClockConfiguration().clock(properties("2026-05-30T20:00-07:00"));

        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-05-31T03:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(new ClockConfiguration().clock(properties("2026-05-31T03:00:00Z")).instant())
                .isEqualTo(Instant.parse("2026-05-31T03:00:00Z"));
    }

    @Test
    void withoutASettingTheClockIsTheSystemClock() {
        Instant before = Instant.now();
        Clock clock = new ClockConfiguration().clock(properties(""));
        assertThat(clock.instant()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(new ClockConfiguration().clock(properties(null)).getZone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
    }

    @Test
    void aFixedTimeWithoutItsOffsetIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ClockConfiguration().clock(properties("2026-05-30 20:00")))
                .hasMessageContaining("charter.clock.fixed").hasMessageContaining("2026-05-30T20:00-07:00");
    }
}
