package com.jada.chartersync.board;

import com.jada.chartersync.audit.DriftHealthIndicator;
import com.jada.chartersync.leader.Leadership;
import com.jada.chartersync.cycle.CycleSummary;
import com.jada.chartersync.sync.NotLeaderException;
import com.jada.chartersync.sync.CycleRunningException;
import com.jada.chartersync.sync.SyncCycles;
import com.jada.chartersync.deadletter.DeadLetterReplayer;
import com.jada.chartersync.operations.CrewInput;
import com.jada.chartersync.operations.OperatorActions;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's status board at {@code /}: server-rendered HTML (FreeMarker {@code templates/status-board.ftlh})
 * from the same services as the JSON API. Its buttons are plain forms (CSRF-protected) that post, act through
 * {@link OperatorActions} and redirect back with what happened.
 */
@Controller
public class StatusBoardController {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoardController.class);
    private static final String TRIGGER = "board";

    private final StatusBoard board;
    private final OperatorActions actions;
    private final SyncCycles cycles;
    private final Configuration freemarker;
    private final DriftHealthIndicator drift;
    private final Leadership leadership;

    public StatusBoardController(StatusBoard board, OperatorActions actions, SyncCycles cycles, DriftHealthIndicator drift,
                                 Configuration templates, Leadership leadership) {
        this.board = board;
        this.leadership = leadership;
        this.drift = drift;
        this.actions = actions;
        this.cycles = cycles;
        this.freemarker = templates;
    }

    @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> board(@RequestParam(name = "only", required = false) String only,
                                        @RequestParam(name = "edit", required = false) String editing,
                                        @RequestParam(name = "from", required = false) String from, Model model,
                                        HttpServletRequest request) throws IOException, TemplateException {
        Map<String, Object> view = new HashMap<>(board.build("attention".equals(only), day(from)));
        // One charter's crew form at a time, asked for by its "Correct crew" link: a thousand inline forms made
        // the page take seconds to load in a browser.
        view.put("editing", editing);
        view.put("drift", drift.details());
        view.put("leadership", leadership.describe());
        view.put("flash", model.getAttribute("flash"));
        view.put("flashOk", model.getAttribute("flashOk"));
        CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        view.put("csrfName", csrf == null ? "_csrf" : csrf.getParameterName());
        view.put("csrfToken", csrf == null ? "" : csrf.getToken());
        Template template = freemarker.getTemplate("status-board.ftlh");
        StringWriter html = new StringWriter(64 * 1024);
        template.process(view, html);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(new MediaType(MediaType.TEXT_HTML,
                StandardCharsets.UTF_8)).body(html.toString());
    }

    /** The first day of the page asked for ({@code ?from=yyyy-MM-dd}); anything else is the window's first page. */
    private static java.time.LocalDate day(String from) {
        if (from == null || from.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(from.strip());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** "Sync now": a cycle over the whole window that also repairs any page missing from S3 or out of date. */
    @PostMapping("/board/sync")
    public String syncNow(RedirectAttributes redirect) {
        return act(redirect, "", () -> {
            CycleSummary s = cycles.reconcile(TRIGGER);
            boolean ok = s.deadLettered() == 0 && (s.failures() == null || s.failures().isEmpty());
            return new Flash(ok, "Sync " + s.cycleId() + ": " + s.eventsSeen() + " events read, " + s.eventsChanged()
                    + " changed, " + s.pagesUploaded() + " pages uploaded, " + s.pathsInvalidated() + " paths invalidated, "
                    + s.pagesVerified() + " verified, " + s.deadLettered() + " dead-lettered"
                    + (s.failures() == null || s.failures().isEmpty() ? "" : "; " + String.join("; ", s.failures()))
                    + " (" + s.durationMs() + " ms)");
        });
    }

    @PostMapping("/board/events/{eventId}/sync")
    public String syncEvent(@PathVariable String eventId, RedirectAttributes redirect) {
        return act(redirect, anchor(eventId), () -> cascaded(eventId, "synced", actions.syncEvent(eventId, TRIGGER)));
    }

    @PostMapping("/board/events/{eventId}/crew")
    public String correctCrew(@PathVariable String eventId, @RequestParam(defaultValue = "") String captain,
                              @RequestParam(defaultValue = "") String crew, RedirectAttributes redirect) {
        List<String> names = Arrays.stream(crew.split("[,\n]")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (captain.isBlank() && names.isEmpty()) {
            redirect.addFlashAttribute("flash", "Crew of " + eventId + " not changed: give a captain, a crew list, or both");
            redirect.addFlashAttribute("flashOk", false);
            return "redirect:/" + anchor(eventId);
        }
        return act(redirect, anchor(eventId), () -> cascaded(eventId, "crew corrected to "
                + (captain.isBlank() ? "" : "Captain " + captain.strip() + (names.isEmpty() ? "" : ", "))
                + String.join(", ", names) + " and",
                actions.correctCrew(eventId, captain.isBlank() ? null : captain.strip(), names, TRIGGER)));
    }

    @PostMapping("/board/dead-letters/{id}/replay")
    public String replay(@PathVariable String id, RedirectAttributes redirect) {
        return act(redirect, "#dead-letters", () -> {
            DeadLetterReplayer.Outcome outcome = actions.replay(id);
            if (outcome == null) {
                return new Flash(false, "No dead letter " + id + " (already replayed?)");
            }
            CycleSummary s = outcome.summary();
            String failures = s == null || s.failures() == null || s.failures().isEmpty() ? "" : ": " + String.join("; ", s.failures());
            return outcome.replayed()
                    ? new Flash(true, "Dead letter " + id + " replayed and removed")
                    : new Flash(false, "Dead letter " + id + " failed again and was kept" + failures);
        });
    }

    private static Flash cascaded(String eventId, String what, Map<String, Object> result) {
        Object state = result.get("state");
        boolean agree = state instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("agree"));
        return new Flash(agree, eventId + " " + what + " cascaded: " + (agree ? "every layer agrees"
                : "some layer still disagrees, see its row"));
    }

    private String act(RedirectAttributes redirect, String anchor, Action action) {
        Flash flash;
        try {
            flash = action.run();
        } catch (OperatorActions.UnknownEventException | DeadLetterReplayer.NotReplayableException
                 | CycleRunningException | com.jada.chartersync.calendar.CalendarReadOnlyException e) {
            flash = new Flash(false, e.getMessage());
        } catch (NotLeaderException e) {
            flash = new Flash(true, "Asked of " + leadership.replicaId() + ", which does not lead: " + e.getMessage());
        } catch (OperatorActions.CalendarRefusedException e) {
            flash = new Flash(false, "The calendar refused the change: " + e.getMessage());
        } catch (CrewInput.InvalidCrewException e) {
            flash = new Flash(false, "Crew not changed, nothing was written: " + e.getMessage());
        } catch (SdkException | IOException e) {
            LOG.warn("Board action failed: {}", e.toString());
            flash = new Flash(false, "A downstream service failed: " + e.getMessage());
        }
        redirect.addFlashAttribute("flash", flash.message());
        redirect.addFlashAttribute("flashOk", flash.ok());
        return "redirect:/" + anchor;
    }

    private static String anchor(String eventId) {
        return "#ev-" + URLEncoder.encode(eventId, StandardCharsets.UTF_8);
    }

    private record Flash(boolean ok, String message) {
    }

    @FunctionalInterface
    private interface Action {
        Flash run() throws IOException;
    }
}
