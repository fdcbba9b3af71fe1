package com.jada.chartersync.api;

import com.jada.chartersync.operations.EventStateInspector;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.sync.NotLeaderException;
import com.jada.chartersync.sync.CycleRunningException;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterListing;
import com.jada.chartersync.deadletter.DeadLetterReplayer;
import com.jada.chartersync.deadletter.DeadLetterStore;
import com.jada.chartersync.operations.CrewInput;
import com.jada.chartersync.operations.OperatorActions;
import com.jada.chartersync.operations.RequestIds;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The operator's HTTP interface (DESIGN.md section 7). Errors are JSON with a reason. */
@RestController
@RequestMapping("/api")
public class OperatorController {

    private final SyncCycles cycles;
    private final DeadLetterStore deadLetters;
    private final OperatorActions actions;
    private final EventStateInspector inspector;
    private final com.jada.chartersync.leader.Leadership leadership;

    public OperatorController(SyncCycles cycles, DeadLetterStore deadLetters, OperatorActions actions,
                              EventStateInspector inspector, com.jada.chartersync.leader.Leadership leadership) {
        this.leadership = leadership;
        this.cycles = cycles;
        this.deadLetters = deadLetters;
        this.actions = actions;
        this.inspector = inspector;
    }

    /** Runs one sync cycle now and answers what it did. */
    @PostMapping("/sync")
    public CycleSummary syncNow() {
        return actions.syncNow("api");
    }

    /** Takes one event through every layer again and answers its state in each. */
    @PostMapping("/events/{eventId}/sync")
    public Map<String, Object> syncEvent(@PathVariable String eventId) {
        return actions.syncEvent(eventId, "api");
    }

    /** Corrects captain and crew in the calendar, then cascades the event; answers its new state in every layer. */
    @PostMapping("/events/{eventId}/crew")
    public ResponseEntity<Object> correctCrew(@PathVariable String eventId, @RequestBody CrewCorrection correction) {
        if (correction == null || (correction.captain() == null && correction.crew() == null)) {
            return error(HttpStatus.BAD_REQUEST, "give a captain, a crew list, or both: {\"captain\":\"Sarah\",\"crew\":[\"Gene\"]}");
        }
        return ResponseEntity.ok(actions.correctCrew(eventId, correction.captain(), correction.crew(), "api"));
    }

    /** A patch: a field left out keeps the calendar's value; {@code "crew": []} clears the crew. */
    public record CrewCorrection(String captain, List<String> crew) {
    }

    /** A cycle over the whole window that also republishes any page missing from S3 or out of date. */
    @PostMapping("/reconcile")
    public CycleSummary reconcile() {
        return cycles.reconcile("api");
    }

    /** Which replica leads and since when, and whether this one does. */
    @GetMapping("/leadership")
    public Map<String, Object> leadership() {
        return leadership.describe();
    }

    @GetMapping("/cycles")
    public List<CycleSummary> recentCycles() {
        return cycles.recent();
    }

    /** One event as every layer holds it, and whether they agree. */
    @GetMapping("/events/{eventId}")
    public ResponseEntity<Object> event(@PathVariable String eventId) {
        RequestIds.check("eventId", eventId);
        Map<String, Object> state = inspector.inspect(eventId);
        return state == null ? error(HttpStatus.NOT_FOUND, "no record with eventId " + eventId) : ResponseEntity.ok(state);
    }

    /**
     * The unresolved dead letters (open and given up). When their table cannot be read, the local journal's entries,
     * each marked {@code tableUnreadable} with the reason, and the reason in header {@value #TABLE_UNREADABLE}.
     */
    @GetMapping("/dead-letters")
    public ResponseEntity<List<Map<String, Object>>> deadLetters() {
        DeadLetterListing listing = deadLetters.listing();
        if (listing.tableUnreadable() == null) {
            return ResponseEntity.ok(listing.entries());
        }
        List<Map<String, Object>> entries = listing.entries().stream().map(e -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>(e);
            m.put("tableUnreadable", listing.tableUnreadable());
            return m;
        }).toList();
        return ResponseEntity.ok().header(TABLE_UNREADABLE, listing.tableUnreadable().replaceAll("[\\r\\n]", " "))
                .body(entries);
    }

    /** Says that the dead-letter table could not be read, so the list holds only the journal's entries. */
    static final String TABLE_UNREADABLE = "Dead-Letter-Table-Unreadable";

    /** Reprocesses one dead letter through the normal path; removes it when that succeeds. */
    @PostMapping("/dead-letters/{id}/replay")
    public ResponseEntity<Object> replay(@PathVariable String id) throws IOException {
        DeadLetterReplayer.Outcome outcome = actions.replay(id);
        if (outcome == null) {
            return error(HttpStatus.NOT_FOUND, "no dead letter " + id);
        }
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CONFLICT).body(outcome);
    }

    @ExceptionHandler(CycleRunningException.class)
    ResponseEntity<Map<String, Object>> running(CycleRunningException e) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", 409);
        body.put("reason", e.getMessage());
        if (e.runningCycleId() != null) {
            body.put("runningCycleId", e.runningCycleId());
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
    }

    /** A full cycle asked of a follower: 202, left for the leader, which is named. */
    @ExceptionHandler(NotLeaderException.class)
    ResponseEntity<Map<String, Object>> onLeader(NotLeaderException e) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("status", 202);
        body.put("reason", e.getMessage());
        body.put("leader", e.leader() == null ? "" : e.leader().id());
        body.put("leaderUrl", e.leader() == null ? "" : e.leader().url());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    @ExceptionHandler(DeadLetterReplayer.NotReplayableException.class)
    ResponseEntity<Object> notReplayable(DeadLetterReplayer.NotReplayableException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A refused crew correction names its field, e.g. {"status":400,"reason":"captain: must be a single line","field":"captain"}. */
    @ExceptionHandler(CrewInput.InvalidCrewException.class)
    ResponseEntity<Object> invalidCrew(CrewInput.InvalidCrewException e) {
        return ResponseEntity.badRequest().body(Map.of("status", 400, "reason", e.getMessage(), "field", e.field()));
    }

    /** An id breaking the id rule, e.g. {"status":400,"reason":"eventId: longer than 200 characters (3000)","field":"eventId"}. */
    @ExceptionHandler(RequestIds.InvalidIdException.class)
    ResponseEntity<Object> invalidId(RequestIds.InvalidIdException e) {
        return ResponseEntity.badRequest().body(Map.of("status", 400, "reason", e.getMessage(), "field", e.field()));
    }

    @ExceptionHandler(OperatorActions.UnknownEventException.class)
    ResponseEntity<Object> unknownEvent(OperatorActions.UnknownEventException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** The calendar is read through its iCal feed: nothing can be written to it from here. */
    @ExceptionHandler(com.jada.chartersync.calendar.CalendarReadOnlyException.class)
    ResponseEntity<Object> readOnly(com.jada.chartersync.calendar.CalendarReadOnlyException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(OperatorActions.CalendarRefusedException.class)
    ResponseEntity<Object> calendarRefused(OperatorActions.CalendarRefusedException e) {
        return error(HttpStatus.BAD_GATEWAY, e.getMessage());
    }

    @ExceptionHandler(org.springframework.http.converter.HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(Exception e) {
        return error(HttpStatus.BAD_REQUEST, "request body is not valid JSON of the expected shape");
    }

    @ExceptionHandler(SdkException.class)
    ResponseEntity<Object> downstream(SdkException e) {
        return error(HttpStatus.BAD_GATEWAY, "AWS call failed: " + e.getMessage());
    }

    static ResponseEntity<Object> error(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", status.value(), "reason", reason));
    }
}
