package com.jada.chartersync.charter;

import org.junit.jupiter.api.Test;

import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

class DescriptionParserTest {

    private final DescriptionParser parser = new DescriptionParser();

    @Test
    void readsEveryKeyOfTheSampleFormat() {
        ParsedDescription d = parser.parse("""
                Guest: Quinn
                Type: whale-watching
                Arrive by: 14:00
                Captain: Sarah
                Crew: Marcus, Gene
                Party size: 6
                Minors: Quinn (16)
                """);
        assertThat(d.guest()).isEqualTo("Quinn");
        assertThat(d.type()).isEqualTo("whale-watching");
        assertThat(d.arrival()).isEqualTo(new Arrival(LocalTime.of(14, 0), null));
        assertThat(d.captain()).isEqualTo("Sarah");
        assertThat(d.crew()).containsExactly("Marcus", "Gene");
        assertThat(d.partySize()).isEqualTo(6);
        assertThat(d.minors()).containsExactly(new ParsedDescription.Minor("Quinn", 16));
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void keysAreCaseInsensitiveAndOrderIsFree() {
        ParsedDescription d = parser.parse("CAPTAIN: Sarah\narrive BY: 9:30\nguest:   Ana  ");
        assertThat(d.guest()).isEqualTo("Ana");
        assertThat(d.captain()).isEqualTo("Sarah");
        assertThat(d.arrival().arriveBy()).isEqualTo("09:30");
    }

    @Test
    void arrivalWindowsInTwelveAndTwentyFourHourForms() {
        assertThat(parser.parse("Arrival: 3-7 PM").arrival()).isEqualTo(new Arrival(LocalTime.of(15, 0), LocalTime.of(19, 0)));
        assertThat(parser.parse("Arrive: 15:00-19:00").arrival()).isEqualTo(new Arrival(LocalTime.of(15, 0), LocalTime.of(19, 0)));
        assertThat(parser.parse("Arrival: 11 AM – 1 PM").arrival()).isEqualTo(new Arrival(LocalTime.of(11, 0), LocalTime.of(13, 0)));
        assertThat(parser.parse("Arrive by: 2:30pm").arrival()).isEqualTo(new Arrival(LocalTime.of(14, 30), null));
    }

    @Test
    void deckhandLinesAddToTheCrewAndUpdatedCrewReplacesIt() {
        assertThat(parser.parse("Deckhand: Marcus\nCrew: Darrell").crew()).containsExactly("Marcus", "Darrell");
        assertThat(parser.parse("Crew: Darrell, Angelia\nUpdated crew: Gene").crew()).containsExactly("Gene");
        assertThat(parser.parse("Updated crew: Gene\nCrew: Darrell and Angelia").crew()).containsExactly("Gene");
    }

    @Test
    void unknownLinesAreKeptAsNotesAndOddValuesAreProblemsNotFailures() {
        ParsedDescription d = parser.parse("Guest: Bo\nBring sunscreen\nDietary: vegan\nArrive by: soonish\nParty size: lots");
        assertThat(d.guest()).isEqualTo("Bo");
        assertThat(d.notes()).containsExactly("Bring sunscreen", "Dietary: vegan");
        assertThat(d.arrival()).isNull();
        assertThat(d.partySize()).isNull();
        assertThat(d.problems()).hasSize(2).anyMatch(p -> p.contains("soonish"));
    }

    @Test
    void htmlFromGooglesEditorIsReadAsText() {
        ParsedDescription d = parser.parse("<b>Guest:</b> Zo&euml; O&#39;Brien<br>Arrive by: 10:00<br/>"
                + "<p>Captain: Sarah</p><div>Crew: Marcus &amp; Gene</div>");
        assertThat(d.guest()).isEqualTo("Zoë O'Brien");
        assertThat(d.arrival().arriveBy()).isEqualTo("10:00");
        assertThat(d.captain()).isEqualTo("Sarah");
        assertThat(d.crew()).containsExactly("Marcus", "Gene");
    }

    @Test
    void angleBracketsThatAreNotEditorMarkupStayTextForTheTemplateToEscape() {
        assertThat(parser.parse("Guest: <script>alert(1)</script>").guest()).isEqualTo("<script>alert(1)</script>");
    }

    @Test
    void emptyOrMissingDescriptionParsesToNothing() {
        ParsedDescription d = parser.parse(null);
        assertThat(d.guest()).isNull();
        assertThat(d.crew()).isEmpty();
    }
}
