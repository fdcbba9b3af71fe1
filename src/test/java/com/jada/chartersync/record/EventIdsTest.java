package com.jada.chartersync.record;

import com.jada.chartersync.charter.CharterEvent;
import com.jada.chartersync.charter.Slugs;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTest {

    private static CharterEvent event(String guest, LocalDate date, LocalTime start) {
        return new CharterEvent("cal", "\"1\"", null, false, date, start, guest, "sail", null, List.of(), null,
                List.of());
    }

    @Test
    void slugsAreLowercaseAscii() {
        assertThat(Slugs.slug("Zoë O'Brien")).isEqualTo("zoe-obrien");
        assertThat(Slugs.slug("  José  María ")).isEqualTo("jose-maria");
        assertThat(Slugs.slug("张伟")).startsWith("guest-").hasSize(14);
    }

    @Test
    void idCarriesTheRealWeekdayOfTheDate() {
        CharterEvent quinn = event("Quinn", LocalDate.of(2026, 5, 31), LocalTime.of(14, 30));
        assertThat(EventIds.candidate(quinn, 0)).isEqualTo("quinn-sunday-2026-05-31");
        assertThat(EventIds.candidate(quinn, 1)).isEqualTo("quinn-sunday-2026-05-31-afternoon");
        assertThat(EventIds.candidate(quinn, 2)).isEqualTo("quinn-sunday-2026-05-31-afternoon-2");
    }

    @Test
    void pageKeyFollowsTheIdEvenForAHandMadeIdWithTheWrongWeekday() {
        CharterEvent quinn = event("Quinn", LocalDate.of(2026, 5, 31), LocalTime.of(14, 30));
        assertThat(EventIds.pageKey("quinn-saturday-2026-05-31", quinn)).isEqualTo("2026-05-31/quinn-guest.html");
        assertThat(EventIds.pageKey("jonathan-sunday-2026-05-31-afternoon", quinn))
                .isEqualTo("2026-05-31/jonathan-afternoon-guest.html");
    }

    @Test
    void photoCodesAreReadableTheSameForTheSameIdAndUnguessableWithoutTheKey() {
        PhotoCodes codes = new PhotoCodes("a key");
        String a = codes.codeFor("danika-sunday-2026-06-14");
        assertThat(a).matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(codes.codeFor("danika-sunday-2026-06-14")).isEqualTo(a);
        assertThat(codes.codeFor("quinn-saturday-2026-05-31")).isNotEqualTo(a);
        assertThat(new PhotoCodes("another key").codeFor("danika-sunday-2026-06-14")).isNotEqualTo(a);
    }
}
