package com.jada.chartersync.cycle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each calendar event reached in one cycle, for crash safety: an event version's processed key is written only
 * once its work is done ({@link #keysToCommit}), and the dead letters its success resolves. Safe to update from
 * parallel splits.
 */
public final class EventProgress {

    private final Map<String, String> pendingKeys = new ConcurrentHashMap<>();
    private final Set<String> completedEvents = ConcurrentHashMap.newKeySet();
    private final Set<String> failedEvents = ConcurrentHashMap.newKeySet();
    private final Set<String> pagesCheckedOnly = ConcurrentHashMap.newKeySet();
    private final Set<String> uploadedEvents = ConcurrentHashMap.newKeySet();

    /** A page was uploaded for the calendar event (null for a record no calendar event owns). */
    void uploaded(String calendarEventId) {
        if (calendarEventId != null) {
            uploadedEvents.add(calendarEventId);
        }
    }

    /** The event version went through its record step; its key waits for the rest of its work. */
    public void processedPending(String calendarEventId, String key) {
        pendingKeys.put(calendarEventId, key);
    }

    /** The calendar event's page was verified at the edge and the waiver system answered: every layer agrees. */
    public void completed(String calendarEventId) {
        if (calendarEventId != null) {
            completedEvents.add(calendarEventId);
        }
    }

    /** The page was checked but the waiver system failed: the version's own work is done, its waiver check is not. */
    public void verifiedExceptWaiver(String calendarEventId) {
        if (calendarEventId != null) {
            pagesCheckedOnly.add(calendarEventId);
        }
    }

    /** Something for this calendar event was dead-lettered in this cycle. */
    public void eventFailed(String calendarEventId) {
        failedEvents.add(calendarEventId);
    }

    /** The calendar versions this run took through the record step: calendar event id → etag. */
    public Map<String, String> processedVersions() {
        Map<String, String> out = new HashMap<>();
        // keys are "<calendar event id>:<etag>" (route event-upsert)
        pendingKeys.forEach((calendarEventId, key) -> out.put(calendarEventId, key.substring(calendarEventId.length() + 1)));
        return out;
    }

    /** Calendar events verified in every layer in this run: whatever they failed with before is resolved. */
    public Set<String> verifiedEvents() {
        Set<String> out = new HashSet<>(completedEvents);
        out.removeAll(failedEvents);
        return out;
    }

    /**
     * Calendar events whose record is current and whose page needed no new upload in this run: what failed before in
     * their record or page step is resolved (an earlier edge or waiver failure is not: nothing re-checked those).
     */
    public Set<String> recordedCurrentEvents() {
        Set<String> out = new HashSet<>(pendingKeys.keySet());
        out.removeAll(uploadedEvents);
        out.removeAll(failedEvents);
        return out;
    }

    /**
     * The processed keys this cycle may write now: event versions whose work is done, that is, verified, or
     * needing no new page; never one that failed or whose uploaded page was not verified (a crash or an edge
     * failure leaves it to be taken through again).
     */
    public List<String> keysToCommit() {
        Set<String> waiting = awaitingVerification();
        List<String> out = new ArrayList<>();
        pendingKeys.forEach((calendarEventId, key) -> {
            if (!failedEvents.contains(calendarEventId) && !waiting.contains(calendarEventId)) {
                out.add(key);
            }
        });
        return out;
    }

    private Set<String> awaitingVerification() {
        Set<String> waiting = new HashSet<>(uploadedEvents);
        waiting.removeAll(completedEvents);
        waiting.removeAll(pagesCheckedOnly);
        return waiting;
    }
}
