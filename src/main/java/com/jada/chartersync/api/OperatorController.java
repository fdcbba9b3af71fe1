package com.jada.chartersync.api;

import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.cycle.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/** The operator's HTTP interface (DESIGN.md section 7). */
@RestController
@RequestMapping("/api")
public class OperatorController {

    private final SyncCycles cycles;
    private final DeadLetterStore deadLetters;

    public OperatorController(SyncCycles cycles, DeadLetterStore deadLetters) {
        this.cycles = cycles;
        this.deadLetters = deadLetters;
    }

    /** Runs one sync cycle now and answers what it did. */
    @PostMapping("/sync")
    public CycleSummary syncNow() {
        return cycles.runCycle("api");
    }

    @GetMapping("/cycles")
    public List<CycleSummary> recentCycles() {
        return cycles.recent();
    }

    @GetMapping("/dead-letters")
    public List<Map<String, Object>> deadLetters() {
        return deadLetters.list();
    }
}
