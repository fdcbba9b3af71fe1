package com.jada.chartersync.board;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The waiver badge's colour and words, without Spring: a charter sailing Sunday 2026-05-31 at 1:00 PM, marina time. */
class WaiverUrgencyTest {

    static final ZoneId MARINA = ZoneId.of("America/Los_Angeles");
    static final LocalDate SUNDAY = LocalDate.of(2026, 5, 31);
    static final LocalTime ONE_PM = LocalTime.of(13, 0);
    static final Duration DAY = Duration.ofHours(24);

    static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    @Test
    void everyoneSignedIsGreen() {
        WaiverUrgency u = WaiverUrgency.assess(6, 6, List.of(), SUNDAY, ONE_PM, MARINA, at("2026-05-31T09:00-07:00"), DAY);

        assertThat(u.tone()).isEqualTo("ok");
        assertThat(u.label()).isEqualTo("waiver 6 of 6 signed");
        assertThat(u.detail()).contains("everyone signed", "sails in 4 h");
    }

    @Test
    void missingSignaturesMoreThanADayAheadAreAmberWithTheCount() {
        WaiverUrgency u = WaiverUrgency.assess(1, 4, List.of("Quinn"), SUNDAY, ONE_PM, MARINA, at("2026-05-28T09:00-07:00"), DAY);

        assertThat(u.tone()).isEqualTo("warn");
        assertThat(u.label()).isEqualTo("waiver 1 of 4 signed");
        assertThat(u.detail()).contains("sails in 3 days");
    }

    @Test
    void missingSignaturesInsideADayAreRedNamingTheMinorsStillMissing() {
        WaiverUrgency u = WaiverUrgency.assess(1, 4, List.of("Quinn", "Milo"), SUNDAY, ONE_PM, MARINA,
                at("2026-05-30T20:00-07:00"), DAY);

        assertThat(u.tone()).isEqualTo("bad");
        assertThat(u.label()).isEqualTo("waiver 1 of 4 signed");
        assertThat(u.detail()).isEqualTo("still to sign: Quinn, Milo and 1 more; sails in 17 h");
    }

    @Test
    void missingSignaturesInsideADayWithoutNamesSayHowManyAreMissing() {
        WaiverUrgency u = WaiverUrgency.assess(0, 6, List.of(), SUNDAY, ONE_PM, MARINA, at("2026-05-30T20:00-07:00"), DAY);

        assertThat(u.tone()).isEqualTo("bad");
        assertThat(u.detail()).startsWith("6 still to sign;");
    }

    @Test
    void thresholdIsInclusiveAtExactlyTheUrgentWindowAndConfigurable() {
        Instant dayBefore = at("2026-05-30T13:00-07:00");
        assertThat(WaiverUrgency.assess(0, 2, List.of(), SUNDAY, ONE_PM, MARINA, dayBefore, DAY).tone()).isEqualTo("bad");
        assertThat(WaiverUrgency.assess(0, 2, List.of(), SUNDAY, ONE_PM, MARINA, dayBefore.minusSeconds(60), DAY).tone())
                .isEqualTo("warn");
        assertThat(WaiverUrgency.assess(0, 2, List.of(), SUNDAY, ONE_PM, MARINA, dayBefore.minusSeconds(60), Duration.ofHours(48))
                .tone()).isEqualTo("bad");
    }

    @Test
    void sailedCharterIsNeutralWithTheFinalCount() {
        WaiverUrgency u = WaiverUrgency.assess(5, 6, List.of(), SUNDAY, ONE_PM, MARINA, at("2026-05-31T13:00-07:00"), DAY);

        assertThat(u.tone()).isEqualTo("neutral");
        assertThat(u.label()).isEqualTo("waiver 5 of 6 signed");
        assertThat(u.detail()).isEqualTo("sailed; 5 of 6 signed, 1 never signed");
    }

    @Test
    void charterWithoutATimeIsUrgentFromTheDayBeforeAndSailsAtTheEndOfItsDay() {
        assertThat(WaiverUrgency.assess(0, 2, List.of(), SUNDAY, null, MARINA, at("2026-05-30T00:00-07:00"), DAY).tone())
                .isEqualTo("bad");
        WaiverUrgency late = WaiverUrgency.assess(0, 2, List.of(), SUNDAY, null, MARINA, at("2026-05-31T23:00-07:00"), DAY);
        assertThat(late.tone()).isEqualTo("bad");
        assertThat(late.detail()).contains("sailing time not given");
        assertThat(WaiverUrgency.assess(0, 2, List.of(), SUNDAY, null, MARINA, at("2026-06-01T00:00-07:00"), DAY).tone())
                .isEqualTo("neutral");
    }

    @Test
    void namesBeyondThoseStillMissingAreNotListed() {
        assertThat(WaiverUrgency.who(1, List.of("Quinn", "Milo"))).isEqualTo("still to sign: Quinn");
    }
}
