package com.jada.chartersync.cycle;

/** A page uploaded in this cycle, waiting for the invalidation and the check through the edge. */
public record PublishedPage(String eventId, String calendarEventId, String pageKey, String calendarEtag,
                            String pageHash, String s3ETag) {

    public String path() {
        return "/" + pageKey;
    }
}
