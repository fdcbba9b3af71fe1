package com.jada.chartersync.record;

import java.util.Map;
import java.util.Set;

/**
 * What DynamoDB held for a cycle's calendar events when the cycle began, read in batches (BatchGetItem, 100
 * keys a call) instead of one GetItem per event and table: which calendar events are linked to which record,
 * those records, and which event versions were processed already. Only what was asked is known; anything else
 * is read as before. Every write stays conditional, so a replica writing meanwhile is caught there, as it was.
 */
public record KnownState(Set<String> askedCalendarIds, Map<String, String> links,
                         Map<String, CharterRecord> records,
                         Set<String> askedKeys, Set<String> processedKeys,
                         java.util.concurrent.ConcurrentMap<String, String> newLinks) {

    /** Route variable holding a cycle's known state, set by route {@code cycle-publish} before its split. */
    public static final String VARIABLE = "knownState";

    /** Nothing known: every read goes to DynamoDB, every link is written at once. */
    public static final KnownState NONE = new KnownState(Set.of(), Map.of(), Map.of(), Set.of(), Set.of(), null);

    /**
     * The calendar events the cycle linked to new records, written together after the events' split (BatchWriteItem,
     * 25 a call) instead of one conditional PutItem each. Safe because a new record's id is derived from the event
     * and its own write is conditional on the id being free or already this event's; a crash before the links are
     * written leaves records whose links the next cycle rebuilds from the records (they name their calendar event).
     */
    public boolean defersLinks() {
        return newLinks != null;
    }

    public boolean knowsLink(String calendarEventId) {
        return askedCalendarIds.contains(calendarEventId);
    }

    /** The record linked to the calendar event as read at the start, or null (then it is read again). */
    public CharterRecord record(String eventId) {
        return records.get(eventId);
    }

    public boolean knowsKey(String key) {
        return askedKeys.contains(key);
    }
}
