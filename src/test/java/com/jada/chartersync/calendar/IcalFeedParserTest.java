package com.jada.chartersync.calendar;

import com.google.api.services.calendar.model.Event;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The iCal feed read as the Calendar API would answer it: Google's ids, instances, cancellations. Feeds written by hand after RFC 5545. */
class IcalFeedParserTest {

    private static final ZoneId MARINA = ZoneId.of("America/Los_Angeles");
    private static final Instant FROM = Instant.parse("2026-05-28T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-06-16T23:59:59Z");
    private final IcalFeedParser parser = new IcalFeedParser(MARINA);

    private static String feed(String... events) {
        StringBuilder b = new StringBuilder("BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\n"
                + "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-TIMEZONE:America/Los_Angeles\r\n");
        for (String e : events) {
            b.append("BEGIN:VEVENT\r\n").append(e.replace("\n", "\r\n")).append("\r\nEND:VEVENT\r\n");
        }
        return b.append("END:VCALENDAR\r\n").toString();
    }

    private static final String WEEKLY = """
            DTSTART;TZID=America/Los_Angeles:20260530T100000
            DTEND;TZID=America/Los_Angeles:20260530T120000
            RRULE:FREQ=WEEKLY;COUNT=3
            DTSTAMP:20261126T120000Z
            UID:series0001@google.com
            LAST-MODIFIED:20261120T080000Z
            DESCRIPTION:Guest: Wes\\nArrive by: 9:30\\nCaptain: Sarah
            SEQUENCE:0
            STATUS:CONFIRMED
            SUMMARY:Wes – Weekly sail""";

    @Test
    void weeklyRecurringCharterBecomesThreeInstancesWithGooglesInstanceIds() {
        IcalFeedParser.FeedEvents events = parser.parse(feed(WEEKLY), FROM, TO);

        assertThat(events.active().keySet()).containsExactly(
                "series0001_20260530T170000Z", "series0001_20260606T170000Z", "series0001_20260613T170000Z");
        Event second = events.active().get("series0001_20260606T170000Z");
        assertThat(second.getRecurringEventId()).isEqualTo("series0001");
        assertThat(second.getStart().getDateTime().getValue()).isEqualTo(Instant.parse("2026-06-06T17:00:00Z").toEpochMilli());
        assertThat(second.getEnd().getDateTime().getValue()).isEqualTo(Instant.parse("2026-06-06T19:00:00Z").toEpochMilli());
        assertThat(second.getOriginalStartTime().getDateTime().getValue()).isEqualTo(second.getStart().getDateTime().getValue());
        assertThat(second.getDescription()).isEqualTo("Guest: Wes\nArrive by: 9:30\nCaptain: Sarah");
        assertThat(second.getStatus()).isEqualTo("confirmed");
        assertThat(events.active().values()).extracting(Event::getEtag).doesNotHaveDuplicates();
    }

    @Test
    void aRuleWithAUtcStartKeepsItsLocalTimeInTheMarinasZoneAcrossTheChangeToWinterTime() {
        // 10:00 PDT on Saturday 2026-10-24; the clocks go back on 2026-11-01
        String event = """
                DTSTART:20261024T170000Z
                DTEND:20261024T190000Z
                RRULE:FREQ=WEEKLY;COUNT=3
                UID:fall0001@google.com
                SUMMARY:Fall – Sail""";
        IcalFeedParser.FeedEvents events = parser.parse(feed(event), Instant.parse("2026-10-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(events.active().values()).extracting(e -> Instant.ofEpochMilli(e.getStart().getDateTime().getValue()).atZone(MARINA)
                .toLocalTime().toString()).containsExactly("10:00", "10:00", "10:00");
        assertThat(events.active().keySet()).containsExactly("fall0001_20261024T170000Z", "fall0001_20261031T170000Z",
                "fall0001_20261107T180000Z");
    }

    @Test
    void excludedDatesAndCancelledInstancesAreCancelledNotListed() {
        String exdate = WEEKLY + "\nEXDATE;TZID=America/Los_Angeles:20260606T100000";
        String cancelledInstance = """
                DTSTART;TZID=America/Los_Angeles:20260613T100000
                DTEND;TZID=America/Los_Angeles:20260613T120000
                RECURRENCE-ID;TZID=America/Los_Angeles:20260613T100000
                UID:series0001@google.com
                STATUS:CANCELLED
                SUMMARY:Wes – Weekly sail""";
        IcalFeedParser.FeedEvents events = parser.parse(feed(exdate, cancelledInstance), FROM, TO);

        assertThat(events.active().keySet()).containsExactly("series0001_20260530T170000Z");
        assertThat(events.cancelled()).containsExactlyInAnyOrder("series0001_20260606T170000Z", "series0001_20260613T170000Z");
    }

    @Test
    void aChangedInstanceReplacesTheOccurrenceItChangesUnderTheSameId() {
        String moved = """
                DTSTART;TZID=America/Los_Angeles:20260606T140000
                DTEND;TZID=America/Los_Angeles:20260606T160000
                RECURRENCE-ID;TZID=America/Los_Angeles:20260606T100000
                UID:series0001@google.com
                DESCRIPTION:Guest: Wes\\nCaptain: Gene
                STATUS:CONFIRMED
                SUMMARY:Wes – Weekly sail""";
        IcalFeedParser.FeedEvents events = parser.parse(feed(WEEKLY, moved), FROM, TO);

        Event second = events.active().get("series0001_20260606T170000Z");
        assertThat(second.getDescription()).isEqualTo("Guest: Wes\nCaptain: Gene");
        assertThat(second.getStart().getDateTime().getValue()).isEqualTo(Instant.parse("2026-06-06T21:00:00Z").toEpochMilli());
        assertThat(second.getOriginalStartTime().getDateTime().getValue()).isEqualTo(Instant.parse("2026-06-06T17:00:00Z").toEpochMilli());
        assertThat(events.active()).hasSize(3);
    }

    @Test
    void googleUidsGiveTheApisEventIdsAndOtherUidsAStableIdOfTheirOwn() {
        assertThat(IcalFeedParser.eventId("abc123def456@google.com")).isEqualTo("abc123def456");
        assertThat(IcalFeedParser.eventId("040000008200E00074C5B7101A82E008@outlook.com"))
                .startsWith("ical").isEqualTo(IcalFeedParser.eventId("040000008200E00074C5B7101A82E008@outlook.com"))
                .matches("[a-v0-9]+");
    }

    @Test
    void eventsOutsideTheWindowAreKeptApartAndCancelledSingleEventsAreCancelled() {
        String inside = """
                DTSTART:20260531T213000Z
                DTEND:20260601T003000Z
                UID:inside0001@google.com
                SUMMARY:Quinn – Whale watching""";
        String later = """
                DTSTART:20260720T170000Z
                DTEND:20260720T190000Z
                UID:later00001@google.com
                SUMMARY:Later – Sail""";
        String cancelled = """
                DTSTART:20260601T170000Z
                DTEND:20260601T190000Z
                UID:gone000001@google.com
                STATUS:CANCELLED
                SUMMARY:Gone – Sail""";
        IcalFeedParser.FeedEvents events = parser.parse(feed(inside, later, cancelled), FROM, TO);

        assertThat(events.active().keySet()).containsExactly("inside0001");
        assertThat(events.outside().keySet()).containsExactly("later00001");
        assertThat(events.cancelled()).containsExactly("gone000001");
    }

    @Test
    void anEventsEtagIgnoresTheFeedsTimestampAndChangesWithWhatTheRuntimeReads() {
        String a = parser.parse(feed(WEEKLY), FROM, TO).active().get("series0001_20260530T170000Z").getEtag();
        String sameButLaterStamp = parser.parse(feed(WEEKLY.replace("DTSTAMP:20261126T120000Z", "DTSTAMP:20261127T120000Z")), FROM, TO)
                .active().get("series0001_20260530T170000Z").getEtag();
        String newCrew = parser.parse(feed(WEEKLY.replace("Captain: Sarah", "Captain: Gene")), FROM, TO)
                .active().get("series0001_20260530T170000Z").getEtag();
        assertThat(sameButLaterStamp).isEqualTo(a);
        assertThat(newCrew).isNotEqualTo(a);
    }

    @Test
    void foldedLinesEscapedTextAndAllDayEventsAreReadAsWritten() {
        String folded = """
                DTSTART;VALUE=DATE:20260603
                DTEND;VALUE=DATE:20260604
                UID:a11day0001@google.com
                DESCRIPTION:Guest: Zoë O'Brien\\, party of four\\; bring jackets\\nArrive by:\s
                 9:00\\nCaptain: Sarah
                SUMMARY:Zoë – Day sail""";
        List<Event> events = List.copyOf(parser.parse(feed(folded), FROM, TO).active().values());

        assertThat(events).hasSize(1);
        assertThat(events.get(0).getDescription())
                .isEqualTo("Guest: Zoë O'Brien, party of four; bring jackets\nArrive by: 9:00\nCaptain: Sarah");
        assertThat(events.get(0).getStart().getDate().toStringRfc3339()).isEqualTo("2026-06-03");
        assertThat(events.get(0).getSummary()).isEqualTo("Zoë – Day sail");
    }
}
