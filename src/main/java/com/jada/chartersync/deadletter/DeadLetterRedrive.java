package com.jada.chartersync.deadletter;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventDateTime;
import com.jada.chartersync.calendar.CalendarSource;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.sync.SyncCycles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tries dead letters again with nobody asking (route {@code sync-cycle}, after the cursor is saved): the entries
 * {@link RedrivePolicy} says are due, their events' CURRENT calendar versions (read by id: the incremental cursor
 * has moved past them, and a stored payload may be an older version) through the cycle's own route, their pages
 * uploaded, invalidated and checked at the edge and the waiver system again. What then succeeds is resolved as for
 * any processed event; what fails again backs off further, until its deadline gives it up. An operator's replay is
 * the same redrive of one entry, now.
 */
@Component
public class DeadLetterRedrive {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRedrive.class);

    private final DeadLetterStore store;
    private final RedrivePolicy policy;
    private final CalendarSource calendar;
    private final SyncCycles cycles;
    private final int batch;

    public DeadLetterRedrive(DeadLetterStore store, RedrivePolicy policy, CalendarSource calendar, SyncCycles cycles,
                             @Value("${charter.dead-letters.redrive.batch:200}") int batch) {
        this.store = store;
        this.policy = policy;
        this.calendar = calendar;
        this.cycles = cycles;
        this.batch = Math.max(1, batch);
    }

    /**
     * Route {@code sync-cycle}: redrives the due entries, oldest try first, at most {@code batch} events per cycle.
     * Never fails the cycle: an unreadable table or calendar only leaves the entries to a later one.
     */
    public void redriveDue() {
        try {
            Instant now = policy.now();
            List<OpenLetter> due = store.open().stream().filter(l -> l.due(now))
                    .sorted(Comparator.comparing(OpenLetter::nextTryAt)).toList();
            List<OpenLetter> taken = new ArrayList<>();
            Set<String> events = new LinkedHashSet<>();
            for (OpenLetter letter : due) {
                if (events.size() >= batch && !events.containsAll(letter.calendarEventIds())) {
                    break;
                }
                taken.add(letter);
                events.addAll(letter.calendarEventIds());
            }
            if (!taken.isEmpty()) {
                redrive(taken, "redrive", false);
            }
        } catch (RuntimeException e) {
            LOG.warn("Redrive of dead letters left to the next cycle: {}", DeadLetterPayloads.reason(e));
        }
    }

    /** The operator's replay: the entry's events' current versions through every layer now, backoff ignored. */
    public CycleSummary redriveNow(OpenLetter letter) {
        return redrive(List.of(letter), "replay:" + letter.id(), true);
    }

    private CycleSummary redrive(List<OpenLetter> letters, String trigger, boolean byOperator) {
        Map<String, Event> current = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        for (OpenLetter letter : letters) {
            for (String id : letter.calendarEventIds()) {
                if (!current.containsKey(id) && !unreadable.containsKey(id)) {
                    read(id, current, unreadable);
                }
            }
        }
        List<OpenLetter> going = new ArrayList<>();
        Set<String> events = new LinkedHashSet<>();
        for (OpenLetter letter : letters) {
            String why = byOperator ? null : deadline(letter, current, unreadable);
            if (why != null) {
                store.giveUp(letter, why);
            } else {
                going.add(letter);
                letter.calendarEventIds().stream().filter(current::containsKey).forEach(events::add);
            }
        }
        CycleSummary summary = events.isEmpty() ? null
                : cycles.redrive(trigger, events.stream().map(current::get).toList(), events, !byOperator);
        for (OpenLetter letter : going) {
            if (store.isOpen(letter.id())) {
                String calendarProblem = letter.calendarEventIds().stream().map(unreadable::get)
                        .filter(java.util.Objects::nonNull).findFirst().orElse(null);
                int attempts = letter.attempts() + 1;
                store.recordAttempt(letter, attempts, policy.nextTry(attempts), calendarProblem);
            }
        }
        LOG.info("Redrive ({}): {} dead letter(s), {} event(s), {} still open", trigger, going.size(), events.size(),
                going.stream().filter(l -> store.isOpen(l.id())).count());
        return summary;
    }

    private void read(String id, Map<String, Event> current, Map<String, String> unreadable) {
        try {
            current.put(id, calendar.get(id));
        } catch (RuntimeException e) {
            unreadable.put(id, gone(e) ? "gone" : "calendar: " + DeadLetterPayloads.reason(e));
        }
    }

    /** Why the entry is given up now, or null: its event is gone from the calendar, its charter sailed, it is too old. */
    private String deadline(OpenLetter letter, Map<String, Event> current, Map<String, String> unreadable) {
        if (letter.calendarEventIds().stream().allMatch(id -> "gone".equals(unreadable.get(id)))) {
            return "the calendar no longer has the event";
        }
        LocalDate latest = letter.calendarEventIds().stream().map(current::get).filter(java.util.Objects::nonNull)
                .map(e -> charterDate(e.getStart())).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(null);
        return policy.givesUp(letter.failedAt(), latest);
    }

    private LocalDate charterDate(EventDateTime start) {
        if (start == null) {
            return null;
        }
        if (start.getDate() != null) {
            return LocalDate.parse(start.getDate().toStringRfc3339().substring(0, 10));
        }
        return start.getDateTime() == null ? null
                : LocalDate.ofInstant(Instant.ofEpochMilli(start.getDateTime().getValue()), policy.zone());
    }

    private static boolean gone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GoogleJsonResponseException g && (g.getStatusCode() == 404 || g.getStatusCode() == 410)) {
                return true;
            }
        }
        return false;
    }
}
