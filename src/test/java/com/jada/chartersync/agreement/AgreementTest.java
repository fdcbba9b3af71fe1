package com.jada.chartersync.agreement;

import com.jada.chartersync.agreement.Agreement.CalendarSeen;
import com.jada.chartersync.agreement.Agreement.EdgeSeen;
import com.jada.chartersync.agreement.Agreement.PageSeen;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.CharterRecord.PageCheck;
import com.jada.chartersync.record.CharterRecord.Publication;
import com.jada.chartersync.record.CharterRecord.Waiver;
import com.jada.chartersync.record.CharterRecord.WaiverCheckResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AgreementTest {

    private final Agreement agreement = new Agreement(ZoneId.of("America/Los_Angeles"));
    private static final Instant AT = Instant.parse("2026-05-01T17:00:00Z");

    private static CharterRecord record(String status, Publication publication, Waiver waiver) {
        return new CharterRecord("quinn", LocalDate.of(2026, 5, 31), "sail", "Quinn", List.of("Captain Ada"), "cal-1",
                "e2", null, status, null, "17:00", null, null, 2, List.of(), "2026-05-31/quinn.html", "P1", 3L,
                publication, waiver);
    }

    private static final Publication VERIFIED = new Publication("e2", "hash", "\"etag\"", "I1", PageCheck.VERIFIED, AT);
    private static final Waiver ASKED = new Waiver("pending", 0, 2, WaiverCheckResult.OK, AT, null);

    @Test
    void everyLayerAgreesWithAPublishedVerifiedCharter() {
        CharterRecord r = record("scheduled", VERIFIED, ASKED);
        CalendarSeen calendar = CalendarSeen.found("e2", "confirmed", AT);
        PageSeen page = PageSeen.present("etag", "hash");
        assertThat(agreement.calendar(r, calendar).agrees()).isTrue();
        assertThat(agreement.record(r, calendar).reason()).isEqualTo("v3");
        assertThat(agreement.page(r, page).reason()).isEqualTo("in S3");
        assertThat(agreement.edge(r, EdgeSeen.RECORDED, page).agrees()).isTrue();
        assertThat(agreement.edge(r, EdgeSeen.fetched(200, "hash"), page).agrees()).isTrue();
        assertThat(agreement.waiver(r, 0).text()).isEqualTo("0 of 2 signed");
    }

    @Test
    void eachLayerSaysWhyItDisagrees() {
        CharterRecord r = record("scheduled", VERIFIED, ASKED);
        assertThat(agreement.record(r, CalendarSeen.found("e3", "confirmed", AT)).reason()).startsWith("behind the calendar");
        assertThat(agreement.record(r, CalendarSeen.notFound()).agrees()).isFalse();
        assertThat(agreement.calendar(r, CalendarSeen.unreadable("down")).reason()).isEqualTo("not readable: down");
        assertThat(agreement.page(r, PageSeen.missing()).text()).isEqualTo("page missing from S3 (2026-05-31/quinn.html)");
        assertThat(agreement.page(r, PageSeen.present("other", null)).text())
                .isEqualTo("S3 holds a different page than the sync published (ETag other)");
        assertThat(agreement.page(r, PageSeen.present("etag", null).rendered("new-template")).agrees()).isFalse();
        assertThat(agreement.edge(r, EdgeSeen.RECORDED, PageSeen.missing()).reason()).contains("S3 lost the page");
        assertThat(agreement.edge(r, EdgeSeen.RECORDED, PageSeen.unreadable("down")).agrees()).isTrue();
        assertThat(agreement.edge(r, EdgeSeen.fetched(404, "x"), null).reason()).isEqualTo("edge answered 404");
        CharterRecord failed = record("scheduled", VERIFIED, new Waiver("pending", 0, 2, WaiverCheckResult.FAILED, AT, "timeout"));
        assertThat(agreement.waiver(failed, 0).reason()).startsWith("waiver check failed").endsWith(": timeout");
    }

    @Test
    void aCancelledCharterAgreesWhenTheRecordSaysSo() {
        CharterRecord r = record("cancelled", VERIFIED, ASKED);
        assertThat(agreement.calendar(r, CalendarSeen.notFound()).reason()).isEqualTo("cancelled");
        assertThat(agreement.record(r, CalendarSeen.notFound()).agrees()).isTrue();
        assertThat(agreement.record(r, CalendarSeen.found("e2", "cancelled", AT)).agrees()).isTrue();
    }

    @Test
    void anUnchangedPageCountsAsAskedWhenTheWaiverSystemWasNot() {
        CharterRecord unchanged = record("scheduled", new Publication("e2", "hash", "\"etag\"", "I1", PageCheck.UNCHANGED, AT),
                Waiver.NONE);
        assertThat(agreement.waiver(unchanged, 0).text()).isEqualTo("0 of 2 signed (page unchanged; last check earlier)");
        CharterRecord never = record("scheduled", Publication.NONE, Waiver.NONE);
        assertThat(agreement.waiver(never, 0).agrees()).isFalse();
    }
}
