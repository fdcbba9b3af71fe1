package com.jada.chartersync.deadletter;

import com.jada.chartersync.charter.InvalidCharterEventException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RedrivePolicyTest {

    private static final Instant NOW = Instant.parse("2026-05-30T18:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneId.of("America/Los_Angeles"));

    private static RedrivePolicy policy(double random) {
        return new RedrivePolicy(Duration.ofMinutes(1), 2, Duration.ofHours(1), 0.2, Duration.ofDays(7), CLOCK, CLOCK, () -> random);
    }

    private static long waitMinutes(RedrivePolicy policy, int attempts) {
        return Duration.between(NOW, policy.nextTry(attempts)).toSeconds();
    }

    @Test
    void redriveBacksOffExponentiallyWithJitter() {
        // the middle of the jitter: exactly 1, 2, 4, ... minutes, capped at one hour
        RedrivePolicy middle = policy(0.5);
        List<Long> waits = new ArrayList<>();
        for (int attempts = 0; attempts <= 7; attempts++) {
            waits.add(waitMinutes(middle, attempts));
        }
        assertThat(waits).containsExactly(60L, 120L, 240L, 480L, 960L, 1920L, 3600L, 3600L);

        // the edges of the jitter: 20 % either side, never past the cap
        assertThat(waitMinutes(policy(0.0), 2)).isEqualTo(192);
        assertThat(waitMinutes(policy(0.999_999), 2)).isBetween(287L, 288L);
        assertThat(waitMinutes(policy(0.999_999), 10)).isEqualTo(3600);

        // entries that failed together come back spread out, each within its band
        Random seeded = new Random(7);
        RedrivePolicy jittered = new RedrivePolicy(Duration.ofMinutes(1), 2, Duration.ofHours(1), 0.2,
                Duration.ofDays(7), CLOCK, CLOCK, seeded::nextDouble);
        List<Long> thirdTries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            thirdTries.add(waitMinutes(jittered, 2));
        }
        assertThat(thirdTries).allSatisfy(w -> assertThat(w).isBetween(192L, 288L));
        assertThat(thirdTries.stream().distinct().count()).as("spread, not one instant").isGreaterThan(10);
    }

    @Test
    void anEntryIsGivenUpOnceItsCharterHasSailedOrItIsTooOld() {
        RedrivePolicy policy = policy(0.5);
        // 18:00 UTC is 11:00 on May 30 at the marina
        assertThat(policy.givesUp(NOW.minusSeconds(60), LocalDate.of(2026, 5, 30))).isNull();
        assertThat(policy.givesUp(NOW.minusSeconds(60), LocalDate.of(2026, 5, 29))).contains("sailed").contains("2026-05-29");
        assertThat(policy.givesUp(NOW.minus(Duration.ofDays(8)), LocalDate.of(2026, 6, 1))).contains("max-age");
        assertThat(policy.givesUp(NOW.minus(Duration.ofDays(6)), null)).isNull();
    }

    @Test
    void onlyAnEventThatIsNotACharterWaitsForTheEventToChange() {
        assertThat(RedrivePolicy.classify(new RuntimeException("wrapped", new InvalidCharterEventException("no guest"))))
                .isEqualTo(RedrivePolicy.Cause.WAITS_FOR_CHANGE);
        assertThat(RedrivePolicy.classify(new java.net.SocketTimeoutException("read timed out")))
                .isEqualTo(RedrivePolicy.Cause.TRANSIENT);
        assertThat(RedrivePolicy.classify(software.amazon.awssdk.services.s3.model.NoSuchBucketException.builder()
                .message("gone").build())).isEqualTo(RedrivePolicy.Cause.TRANSIENT);
    }
}
