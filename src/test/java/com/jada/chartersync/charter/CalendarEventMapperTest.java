package com.jada.chartersync.charter;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarEventMapperTest {

    private final CalendarEventMapper mapper = new CalendarEventMapper(new DescriptionParser(), ZoneId.of("America/Los_Angeles"));

    private static Event event(String summary, String description, String start) {
        return new Event().setId("abc").setEtag("\"1\"").setSummary(summary).setDescription(description)
                .setStart(new EventDateTime().setDateTime(DateTime.parseRfc3339(start)));
    }

    @Test
    void guestFallsBackToTheSummary() {
        CharterEvent e = mapper.toCharterEvent(event("Quinn – Whale watching", "Arrive by: 14:00", "2026-05-31T14:30:00-07:00"));
        assertThat(e.guestName()).isEqualTo("Quinn");
    }

    @Test
    void dateComesFromTheCalendarTimeZoneNotUtc() {
        // 22:00 in Los Angeles on May 31 is already June 1 in UTC.
        CharterEvent e = mapper.toCharterEvent(event("Late", "Guest: Nia", "2026-05-31T22:00:00-07:00"));
        assertThat(e.date()).isEqualTo(LocalDate.of(2026, 5, 31));
        assertThat(e.slot()).isEqualTo("evening");
    }

    @Test
    void crewRosterPutsTheCaptainFirst() {
        CharterEvent e = mapper.toCharterEvent(event("x", "Guest: A\nCrew: Marcus\nCaptain: Sarah", "2026-05-31T10:00:00-07:00"));
        assertThat(e.crew()).containsExactly("Captain Sarah", "Deckhand Marcus");
    }

    @Test
    void eventWithoutAGuestIsRejectedWithTheReason() {
        assertThatThrownBy(() -> mapper.toCharterEvent(event("", "Arrive by: never", "2026-05-31T10:00:00-07:00")))
                .isInstanceOf(InvalidCharterEventException.class)
                .hasMessageContaining("names no guest").hasMessageContaining("never");
    }

    @Test
    void eventWithoutAStartIsRejected() {
        assertThatThrownBy(() -> mapper.toCharterEvent(new Event().setId("x").setDescription("Guest: A")))
                .isInstanceOf(InvalidCharterEventException.class).hasMessageContaining("no start date");
    }
}
