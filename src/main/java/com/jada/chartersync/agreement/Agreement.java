package com.jada.chartersync.agreement;

import com.jada.chartersync.config.CharterSyncProperties;
import com.jada.chartersync.record.CharterRecord;
import com.jada.chartersync.record.CharterRecord.Publication;
import com.jada.chartersync.record.CharterRecord.WaiverCheckResult;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static com.jada.chartersync.text.Display.orDash;

/**
 * The one place that decides whether a layer (calendar, record, page in S3, edge, waiver) agrees with the calendar
 * for one charter, and why not. Callers only observe: the status board from its bulk reads and what the last sync
 * recorded, {@code GET /api/events/{id}} by looking at each layer live, reconcile by listing S3 and rendering the
 * page again. Each hands its observation here and shows the {@link Verdict}.
 */
@Component
public class Agreement {

    public static final String CALENDAR = "calendar";
    public static final String RECORD = "record";
    public static final String PAGE = "page";
    public static final String EDGE = "edge";
    public static final String WAIVER = "waiver";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM d, h:mm:ss a z", Locale.US);

    private final ZoneId zone;

    @Autowired
    public Agreement(CharterSyncProperties properties) {
        this(properties.calendar().timeZone());
    }

    /** @param zone the marina's time zone, in which the reasons give their times */
    public Agreement(ZoneId zone) {
        this.zone = zone;
    }

    /**
     * The calendar event linked to the record, as the caller saw it: {@code error} when the calendar could not be
     * read, else whether it was found (in the window, or at all), its version and status and when it was edited.
     */
    public record CalendarSeen(String error, boolean found, String etag, String status, Instant updated) {

        public static CalendarSeen unreadable(String error) {
            return new CalendarSeen(error, false, null, null, null);
        }

        public static CalendarSeen notFound() {
            return new CalendarSeen(null, false, null, null, null);
        }

        public static CalendarSeen found(String etag, String status, Instant updated) {
            return new CalendarSeen(null, true, etag, status, updated);
        }
    }

    /**
     * The page object in S3 as the caller saw it: {@code error} when S3 could not be read; otherwise whether it is
     * there, its ETag and the SHA-256 of its bytes where known (null where not looked at), and the SHA-256 of the
     * page the current template renders for the record (reconcile only, else null).
     */
    public record PageSeen(String error, boolean present, String etag, String sha256, String renderedSha256) {

        public static PageSeen unreadable(String error) {
            return new PageSeen(error, false, null, null, null);
        }

        public static PageSeen missing() {
            return new PageSeen(null, false, null, null, null);
        }

        public static PageSeen present(String etag, String sha256) {
            return new PageSeen(null, true, etag, sha256, null);
        }

        public PageSeen rendered(String renderedSha256) {
            return new PageSeen(error, present, etag, sha256, renderedSha256);
        }
    }

    /**
     * The page through the edge: either fetched now ({@code status} and the SHA-256 of the body, or {@code error}
     * when the edge could not be reached), or {@link #RECORDED}: what the last sync verified, as the record holds it.
     */
    public record EdgeSeen(boolean fetched, String error, int status, String sha256) {

        public static final EdgeSeen RECORDED = new EdgeSeen(false, null, 0, null);

        public static EdgeSeen unreachable(String error) {
            return new EdgeSeen(true, error, 0, null);
        }

        public static EdgeSeen fetched(int status, String sha256) {
            return new EdgeSeen(true, null, status, sha256);
        }
    }

    /** Is the source there, and which charter does it describe? */
    public Verdict calendar(CharterRecord record, CalendarSeen seen) {
        if (seen.error() != null) {
            return Verdict.no(CALENDAR, "not readable: " + seen.error());
        }
        if (record.calendarEventId() == null) {
            return Verdict.no(CALENDAR, "no calendar event is linked to this record (made by hand, not in the calendar yet)");
        }
        if (!seen.found()) {
            return Verdict.yes(CALENDAR, record.cancelled() ? "cancelled" : "not in the window");
        }
        return Verdict.yes(CALENDAR, "cancelled".equals(seen.status()) ? "cancelled" : "scheduled");
    }

    /** Does the record reflect the calendar's current version of the charter? */
    public Verdict record(CharterRecord record, CalendarSeen seen) {
        if (seen.error() != null) {
            return Verdict.no(RECORD, "cannot compare: calendar not readable");
        }
        if (record.calendarEventId() == null) {
            return Verdict.no(RECORD, "nothing in the calendar to agree with");
        }
        if (!seen.found()) {
            return record.cancelled() ? Verdict.yes(RECORD, "cancelled")
                    : Verdict.no(RECORD, "the calendar event is gone from the window (deleted or moved); the record still says scheduled");
        }
        boolean calendarCancelled = "cancelled".equals(seen.status());
        boolean current = seen.etag() != null && seen.etag().equals(record.calendarEtag())
                && calendarCancelled == record.cancelled();
        if (!current) {
            return Verdict.no(RECORD, "behind the calendar: edited " + (seen.updated() == null ? "recently" : stamp(seen.updated()))
                    + ", not synced yet");
        }
        return Verdict.yes(RECORD, record.cancelled() ? "cancelled" : "v" + (record.version() == null ? "—" : record.version()));
    }

    /** Is the page in S3 the one the sync published for this record version (and what the template renders now)? */
    public Verdict page(CharterRecord record, PageSeen seen) {
        Publication publication = record.publication();
        if (seen.error() != null) {
            return Verdict.no(PAGE, "S3 not readable: " + seen.error());
        }
        if (record.pageKey() == null) {
            return Verdict.no(PAGE, "no page key yet");
        }
        if (!seen.present()) {
            return Verdict.no(PAGE, "page missing from S3").with(record.pageKey());
        }
        if (!record.publishedCurrentVersion()) {
            return Verdict.no(PAGE, "not yet published for the current record version");
        }
        if (seen.etag() != null && publication.s3ETag() != null && !publication.s3ETag().isBlank()
                && !unquote(publication.s3ETag()).equals(unquote(seen.etag()))) {
            return Verdict.no(PAGE, "S3 holds a different page than the sync published").with("ETag " + unquote(seen.etag()));
        }
        if (seen.sha256() != null && !seen.sha256().equals(publication.pageHash())) {
            return Verdict.no(PAGE, "S3 holds a different page than the sync published").with("sha256 " + shortHash(seen.sha256()));
        }
        if (seen.renderedSha256() != null && !seen.renderedSha256().equals(publication.pageHash())) {
            return Verdict.no(PAGE, "the current template renders a different page than the one published");
        }
        return Verdict.yes(PAGE, "in S3");
    }

    /**
     * Does the edge serve the published page? Fetched: the bytes say. Recorded: the last sync's verification of
     * this version, unless S3 has lost the page since ({@code page}: what S3 showed; the edge serves a lost page only
     * until its cache expires).
     */
    public Verdict edge(CharterRecord record, EdgeSeen seen, PageSeen page) {
        Publication publication = record.publication();
        if (seen.fetched()) {
            if (record.pageKey() == null) {
                return Verdict.no(EDGE, "record has no page key");
            }
            if (seen.error() != null) {
                return Verdict.no(EDGE, "edge not reachable: " + seen.error());
            }
            if (seen.status() != 200) {
                return Verdict.no(EDGE, "edge answered " + seen.status());
            }
            return seen.sha256().equals(publication.pageHash()) ? Verdict.yes(EDGE, "serves the published page")
                    : Verdict.no(EDGE, "edge serves different content than was published");
        }
        if (!record.publishedCurrentVersion()) {
            return Verdict.no(EDGE, "not verified for the current version");
        }
        if (publication.check() == null) {
            return Verdict.no(EDGE, "not verified");
        }
        String verified = "verified " + stamp(publication.checkedAt());
        if (page != null && page.error() == null && !page(record, page).agrees()) {
            return Verdict.no(EDGE, verified + ", but S3 lost the page: the edge serves it only until its cache expires");
        }
        return Verdict.yes(EDGE, verified);
    }

    /**
     * Does the waiver system know the charter as the calendar has it? {@code signed}: the signatures counted (see
     * {@link #signedSignatures}). A page unchanged since an earlier check counts as asked.
     */
    public Verdict waiver(CharterRecord record, int signed) {
        CharterRecord.Waiver waiver = record.waiver();
        int expected = expectedSignatures(record);
        String signedText = signed + " of " + expected + " signed";
        if (waiver.check() == WaiverCheckResult.FAILED) {
            return Verdict.no(WAIVER, "waiver check failed " + stamp(waiver.checkedAt()) + ": " + orDash(waiver.reason()));
        }
        if (waiver.check() == null) {
            return record.publishedCurrentVersion() && record.publication().check() != null
                    ? Verdict.yes(WAIVER, signedText + " (page unchanged; last check earlier)")
                    : Verdict.no(WAIVER, signedText + "; waiver system not asked for this version yet");
        }
        if (waiver.expected() != null && expected != record.expectedSignatures()) {
            return Verdict.no(WAIVER, signedText + "; the waiver system expects " + expected
                    + " but the calendar's party size is " + record.expectedSignatures());
        }
        return Verdict.yes(WAIVER, signedText);
    }

    /** The waiver system's own count of signatures needed when it recorded one, else the record's. */
    public static int expectedSignatures(CharterRecord record) {
        Integer recorded = record.waiver().expected();
        return recorded != null ? recorded : record.expectedSignatures();
    }

    /** Signatures counted: the waiver system's last count, or {@code counted} (waivers read by the caller) if more. */
    public static int signedSignatures(CharterRecord record, int counted) {
        Integer recorded = record.waiver().signed();
        return Math.max(recorded == null ? 0 : recorded, counted);
    }

    private String stamp(Instant instant) {
        return instant == null ? "—" : STAMP.format(instant.atZone(zone));
    }

    private static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private static String shortHash(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
