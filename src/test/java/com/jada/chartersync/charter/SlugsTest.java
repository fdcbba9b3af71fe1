package com.jada.chartersync.charter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The slug rule behind every eventId and page key (basic folding is in EventIdsTest). */
class SlugsTest {

    @Test
    void lettersWithoutADecompositionAreSpelledOut() {
        assertThat(Slugs.slug("Strauß")).isEqualTo("strauss");
        assertThat(Slugs.slug("Dæmon")).isEqualTo("daemon");
        assertThat(Slugs.slug("Bjørn")).isEqualTo("bjorn");
        assertThat(Slugs.slug("Michał")).isEqualTo("michal");
        assertThat(Slugs.slug("Mađar")).isEqualTo("madar");
    }

    @Test
    void capitalLettersWithoutADecompositionAreSpelledOutToo() {
        assertThat(Slugs.slug("Øystein Ås")).isEqualTo("oystein-as");
        assertThat(Slugs.slug("Łukasz")).isEqualTo("lukasz");
        assertThat(Slugs.slug("Æsa Đorđe")).isEqualTo("aesa-dorde");
    }

    @Test
    void apostrophesVanishAndEveryOtherRunOfSymbolsIsOneDash() {
        assertThat(Slugs.slug("D’Arcy O`Neil")).isEqualTo("darcy-oneil");
        assertThat(Slugs.slug("  Ann & Bob / party #2!  ")).isEqualTo("ann-bob-party-2");
    }

    @Test
    void aLongNameIsCutAtFortyWithoutATrailingDash() {
        String slug = Slugs.slug("a".repeat(39) + " " + "b".repeat(10));
        assertThat(slug).isEqualTo("a".repeat(39));
        assertThat(Slugs.slug("Maximiliana Alexandrovna Konstantinopolskaya")).hasSize(40)
                .isEqualTo("maximiliana-alexandrovna-konstantinopols");
    }

    @Test
    void aNameWithNoLatinLettersGetsAStableHashedSlug() {
        assertThat(Slugs.slug("김민준")).isEqualTo(Slugs.slug(" 김민준 ")).matches("guest-[0-9a-f]{8}")
                .isNotEqualTo(Slugs.slug("박서준"));
        assertThat(Slugs.slug(null)).isEqualTo(Slugs.slug("")).matches("guest-[0-9a-f]{8}");
    }
}
