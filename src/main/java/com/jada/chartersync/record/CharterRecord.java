package com.jada.chartersync.record;

import com.jada.chartersync.waiver.WaiverService;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * One charter as the dispatch tier ({@code jada-events}) holds it, typed. {@link CharterRecordMapper} is the one
 * place that knows the DynamoDB attribute names; everything else reads these fields.
 *
 * @param date         {@code eventDate}; null when absent or not a date (a hand-made record may hold anything)
 * @param startTime    {@code startTime}, "HH:mm" as the calendar gave it, or null
 * @param arriveBy     {@code arriveBy}, "HH:mm", or null
 * @param arrival      {@code arrival}: "HH:mm" or "HH:mm-HH:mm", or null
 * @param status       {@code status}: "scheduled" or "cancelled" (null on a hand-made record that says nothing)
 * @param version      {@code version}: raised by every write of the runtime (optimistic locking), null before
 * @param publication  what the sync last published and verified for this record
 * @param waiver       what the waiver system holds and what the sync last heard from it
 */
public record CharterRecord(String eventId, LocalDate date, String eventType, String guestName, List<String> crew,
                            String calendarEventId, String calendarEtag, String calendarUpdated, String status,
                            String lastSyncAt, String startTime, String arriveBy, String arrival, Integer partySize,
                            List<Minor> minors, String pageKey, String photoCode, Long version,
                            Publication publication, Waiver waiver) {

    public CharterRecord {
        crew = crew == null ? List.of() : List.copyOf(crew);
        minors = minors == null ? List.of() : List.copyOf(minors);
        publication = publication == null ? Publication.NONE : publication;
        waiver = waiver == null ? Waiver.NONE : waiver;
    }

    /** A minor the calendar names; {@code age} null when it did not say. */
    public record Minor(String name, Integer age) {
    }

    /**
     * The page the sync last published for this record and what it established about it.
     *
     * @param publishedEtag the calendar version ({@code calendarEtag}) the page was rendered from
     * @param pageHash      SHA-256 of the page's bytes
     * @param s3ETag        the ETag S3 gave the upload
     * @param check         what was established: verified through the edge, or unchanged bytes (nothing uploaded);
     *                      null when nothing was
     * @param checkedAt     when ({@code verifiedAt})
     */
    public record Publication(String publishedEtag, String pageHash, String s3ETag, String invalidationId,
                              PageCheck check, Instant checkedAt) {

        public static final Publication NONE = new Publication(null, null, null, null, null, null);
    }

    /** What the sync established about a published page ({@code verification} in the item). */
    public enum PageCheck {
        /** fetched through the edge, as a guest would, and it was the uploaded bytes */
        VERIFIED("verified"),
        /** rendered to the bytes already published: nothing uploaded, nothing to check again */
        UNCHANGED("unchanged");

        private final String stored;

        PageCheck(String stored) {
            this.stored = stored;
        }

        public String stored() {
            return stored;
        }
    }

    /**
     * The waiver layer. {@code status}, {@code signed} and {@code expected} are the waiver system's own
     * ({@code waiverStatus}, {@code waiversSigned}, {@code waiversExpected}); {@code check}, {@code checkedAt} and
     * {@code reason} what the sync's last {@code verify} call found ({@code waiverCheck}, ...): null when not asked.
     */
    public record Waiver(String status, Integer signed, Integer expected, WaiverCheckResult check, Instant checkedAt,
                         String reason) {

        public static final Waiver NONE = new Waiver(null, null, null, null, null, null);
    }

    /** The outcome of the sync's last call to the waiver system ({@code waiverCheck}). */
    public enum WaiverCheckResult {
        OK("ok"), FAILED("failed");

        private final String stored;

        WaiverCheckResult(String stored) {
            this.stored = stored;
        }

        public String stored() {
            return stored;
        }
    }

    /** How many signatures the charter needs, counted exactly as the waiver system counts them. */
    public int expectedSignatures() {
        return WaiverService.expectedSignatures(CharterRecordMapper.toItem(this));
    }

    public boolean cancelled() {
        return "cancelled".equals(status);
    }

    /** The page was published for the calendar version the record reflects. */
    public boolean publishedCurrentVersion() {
        return calendarEtag != null && calendarEtag.equals(publication.publishedEtag());
    }

    /** The charter's sailing time: the calendar's start, else its arrival time; null when neither is a time. */
    public LocalTime departure() {
        LocalTime start = time(startTime);
        return start != null ? start : time(arriveBy);
    }

    /** {@code startTime} as a time, or null. */
    public LocalTime start() {
        return time(startTime);
    }

    private static LocalTime time(String s) {
        try {
            return s == null ? null : LocalTime.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
