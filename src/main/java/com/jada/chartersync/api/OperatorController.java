package com.jada.chartersync.api;

import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterReplayer;
import com.jada.chartersync.deadletter.DeadLetterStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final DeadLetterReplayer replayer;
    private final EventStateInspector inspector;

    public OperatorController(SyncCycles cycles, DeadLetterStore deadLetters, DeadLetterReplayer replayer,
                              EventStateInspector inspector) {
        this.cycles = cycles;
        this.deadLetters = deadLetters;
        this.replayer = replayer;
        this.inspector = inspector;
    }

    /** Runs one sync cycle now and answers what it did. */
    @PostMapping("/sync")
    public CycleSummary syncNow() {
        return cycles.runCycle("api");
    }

    /** A cycle over the whole window that also republishes any page missing from S3 or out of date. */
    @PostMapping("/reconcile")
    public CycleSummary reconcile() {
        return cycles.reconcile("api");
    }

    @GetMapping("/cycles")
    public List<CycleSummary> recentCycles() {
        return cycles.recent();
    }

    /** One event as every layer holds it, and whether they agree. */
    @GetMapping("/events/{eventId}")
    public ResponseEntity<Object> event(@PathVariable String eventId) {
        Map<String, Object> state = inspector.inspect(eventId);
        return state == null ? error(HttpStatus.NOT_FOUND, "no record with eventId " + eventId) : ResponseEntity.ok(state);
    }

    @GetMapping("/dead-letters")
    public List<Map<String, Object>> deadLetters() {
        return deadLetters.list();
    }

    /** Reprocesses one dead letter through the normal path; removes it when that succeeds. */
    @PostMapping("/dead-letters/{id}/replay")
    public ResponseEntity<Object> replay(@PathVariable String id) throws IOException {
        DeadLetterReplayer.Outcome outcome = replayer.replay(id);
        if (outcome == null) {
            return error(HttpStatus.NOT_FOUND, "no dead letter " + id);
        }
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CONFLICT).body(outcome);
    }

    @ExceptionHandler(DeadLetterReplayer.NotReplayableException.class)
    ResponseEntity<Object> notReplayable(DeadLetterReplayer.NotReplayableException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(SdkException.class)
    ResponseEntity<Object> downstream(SdkException e) {
        return error(HttpStatus.BAD_GATEWAY, "AWS call failed: " + e.getMessage());
    }

    static ResponseEntity<Object> error(HttpStatus status, String reason) {
        return ResponseEntity.status(status).body(Map.of("status", status.value(), "reason", reason));
    }
}
