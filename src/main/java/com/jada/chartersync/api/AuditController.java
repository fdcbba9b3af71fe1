package com.jada.chartersync.api;

import com.jada.chartersync.audit.DriftAudit;
import com.jada.chartersync.audit.DriftReport;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The drift audit on the operator API: {@code GET /api/audit} the last report (204 before the first),
 * {@code POST /api/audit} one audit and its repair now (what the leader's poll runs every charter.audit.interval;
 * the benchmark measures its cost so).
 */
@RestController
@RequestMapping("/api/audit")
public class AuditController {

    private final DriftAudit audit;

    public AuditController(DriftAudit audit) {
        this.audit = audit;
    }

    @GetMapping
    public ResponseEntity<DriftReport> last() {
        DriftReport last = audit.last();
        return last == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(last);
    }

    @PostMapping
    public DriftReport run() {
        return audit.run();
    }
}
