package com.jada.chartersync.charter;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The charter rules not covered by CalendarEventMapperTest and DescriptionParserTest: the slot that tells two
 * charters of one guest on one day apart, the arrival's contract form, and the mapper's edge cases.
 */
class CharterEventRulesTest {

    private final CalendarEventMapper mapper = new CalendarEventMapper(new DescriptionParser(), ZoneId.of("America/Los_Angeles"));

    private static CharterEvent startingAt(LocalTime start) {
        return new CharterEvent("cal", "\"1\"", null, false, LocalDate.of(2026, 6, 1), start, "Ana", "charter", null,
                List.of(), null, List.of());
    }

    private static Event timed(String summary, String description) {
        return new Event().setId("abc").setEtag("\"1\"").setSummary(summary).setDescription(description)
                .setStart(new EventDateTime().setDateTime(DateTime.parseRfc3339("2026-06-01T10:00:00-07:00")));
    }

    @Test
    void theSlotChangesAtNoonAndAtFivePm() {
        assertThat(startingAt(LocalTime.of(11, 59)).slot()).isEqualTo("morning");
        assertThat(startingAt(LocalTime.NOON).slot()).isEqualTo("afternoon");
        assertThat(startingAt(LocalTime.of(16, 59)).slot()).isEqualTo("afternoon");
        assertThat(startingAt(LocalTime.of(17, 0)).slot()).isEqualTo("evening");
        assertThat(startingAt(null).slot()).as("an all-day charter").isEqualTo("morning");
    }

    @Test
    void anArrivalWindowIsDueByItsEnd() {
        Arrival window = new Arrival(LocalTime.of(15, 0), LocalTime.of(19, 0));
        assertThat(window.isWindow()).isTrue();
        assertThat(window.arriveBy()).isEqualTo("19:00");
        assertThat(window.text()).isEqualTo("15:00-19:00");
        Arrival single = new Arrival(LocalTime.of(9, 30), null);
        assertThat(single.isWindow()).isFalse();
        assertThat(single.arriveBy()).isEqualTo("09:30");
        assertThat(single.text()).isEqualTo("09:30");
    }

    @Test
    void theGuestFromTheSummaryIsWhatComesBeforeTheFirstSeparator() {
        assertThat(CalendarEventMapper.guestFromSummary("Mary-Jane – Sunset sail")).isEqualTo("Mary-Jane");
        assertThat(CalendarEventMapper.guestFromSummary("Quinn: Whale watching")).isEqualTo("Quinn");
        assertThat(CalendarEventMapper.guestFromSummary("Bo | Sail - extra")).isEqualTo("Bo");
        assertThat(CalendarEventMapper.guestFromSummary("  Lone  ")).isEqualTo("Lone");
        assertThat(CalendarEventMapper.guestFromSummary(" ")).isNull();
    }

    @Test
    void aCancelledEventNeedsNoGuestNorStart() {
        CharterEvent cancelled = mapper.toCharterEvent(new Event().setId("gone").setEtag("\"7\"").setStatus("cancelled"));
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.calendarEventId()).isEqualTo("gone");
        assertThat(cancelled.calendarEtag()).isEqualTo("\"7\"");
        assertThat(cancelled.guestName()).isNull();
    }

    @Test
    void anAllDayEventHasItsDateAndNoStartTime() {
        Event allDay = new Event().setId("d").setDescription("Guest: Ana")
                .setStart(new EventDateTime().setDate(new DateTime("2026-06-02")));
        CharterEvent e = mapper.toCharterEvent(allDay);
        assertThat(e.date()).isEqualTo(LocalDate.of(2026, 6, 2));
        assertThat(e.startTime()).isNull();
    }

    @Test
    void namesAndTypesAreTidiedAndTheTypeDefaultsToCharter() {
        CharterEvent e = mapper.toCharterEvent(timed("x", "Guest:  Ana \t Maria \nType: Sunset  Sail\nCaptain:  Sarah  Lee"));
        assertThat(e.guestName()).isEqualTo("Ana Maria");
        assertThat(e.eventType()).isEqualTo("sunset-sail");
        assertThat(e.crew()).containsExactly("Captain Sarah Lee");
        assertThat(mapper.toCharterEvent(timed("x", "Guest: Ana")).eventType()).isEqualTo("charter");
    }

    @Test
    void aGuestNameLongerThanEightyCharactersIsRejected() {
        assertThat(mapper.toCharterEvent(timed("x", "Guest: " + "A".repeat(80))).guestName()).hasSize(80);
        assertThatThrownBy(() -> mapper.toCharterEvent(timed("x", "Guest: " + "A".repeat(81))))
                .isInstanceOf(InvalidCharterEventException.class).hasMessageContaining("longer than 80");
    }
}
