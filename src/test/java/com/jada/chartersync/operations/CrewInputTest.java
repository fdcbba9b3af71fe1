package com.jada.chartersync.operations;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What a crew correction may hold before it is written into the calendar description. */
class CrewInputTest {

    private static String refusedField(String captain, List<String> crew) {
        CrewInput.InvalidCrewException e = catchThrowableOfType(CrewInput.InvalidCrewException.class,
                () -> CrewInput.check(captain, crew));
        assertThat(e).as("refused: %s %s", captain, crew).isNotNull();
        return e.field();
    }

    @Test
    void ordinaryNamesPass() {
        assertThatNoException().isThrownBy(() -> CrewInput.check("Sarah", List.of("Gene", "Angelia O'Neil", "José María")));
        assertThatNoException().isThrownBy(() -> CrewInput.check(null, List.of("Gene")));
        assertThatNoException().isThrownBy(() -> CrewInput.check("Dr: Who", List.of()));
        assertThatNoException().isThrownBy(() -> CrewInput.check("x".repeat(100), Collections.nCopies(20, "Gene")));
    }

    @Test
    void anythingThatCouldStartANewDescriptionLineIsRefused() {
        assertThat(refusedField("Sarah\nGuest: Mallory\nArrive by: 03:00", List.of("Gene"))).isEqualTo("captain");
        assertThat(refusedField("Sarah\rGuest: Mallory", List.of())).isEqualTo("captain");
        assertThat(refusedField("Sarah\u2028Guest: Mallory", List.of())).isEqualTo("captain");
        assertThat(refusedField("Sarah\u0085Guest: Mallory", List.of())).isEqualTo("captain");
        assertThat(refusedField("Sarah<br>Guest: Mallory", List.of())).as("markup the calendar turns into a line break")
                .isEqualTo("captain");
        assertThat(refusedField("Sarah&#10;Guest: Mallory", List.of())).isEqualTo("captain");
        assertThat(refusedField("Sarah", List.of("Gene", "Ann\nGuest: Mallory"))).isEqualTo("crew[1]");
    }

    @Test
    void controlCharactersOverlongValuesAndTooManyCrewAreRefused() {
        assertThat(refusedField("Sa\u0000rah", List.of())).isEqualTo("captain");
        assertThat(refusedField("Sarah", List.of("\u001b[31mGene"))).isEqualTo("crew[0]");
        assertThat(refusedField("Sarah", List.of("Gene\u202Eenag"))).as("a bidi override").isEqualTo("crew[0]");
        assertThat(refusedField("x".repeat(101), List.of())).isEqualTo("captain");
        assertThat(refusedField("Sarah", List.of("x".repeat(5_000_000)))).isEqualTo("crew[0]");
        assertThat(refusedField("Sarah", Collections.nCopies(21, "Gene"))).isEqualTo("crew");
        assertThat(refusedField("Sarah", List.of("Gene", " "))).isEqualTo("crew[1]");
    }
}
