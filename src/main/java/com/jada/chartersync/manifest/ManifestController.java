package com.jada.chartersync.manifest;

import com.jada.chartersync.config.CharterSyncProperties;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashMap;
import java.util.Map;

/**
 * The dock manifest: {@code /manifest/{yyyy-mm-dd}} as a page for the phone and the printer
 * ({@code templates/manifest.ftlh}), {@code /manifest/{yyyy-mm-dd}.csv} for a spreadsheet. Behind the same
 * authentication as the board. A malformed date answers 400, a day without charters 404, unreadable records 502.
 */
@Controller
public class ManifestController {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestController.class);
    private static final DateTimeFormatter ISO_DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("EEE, MMM d", java.util.Locale.US);
    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
    private static final MediaType CSV = new MediaType("text", "csv", Map.of("charset", "utf-8", "header", "present"));

    private final DockManifest manifest;
    private final ZoneId zone;
    private final Configuration freemarker;

    public ManifestController(DockManifest manifest, CharterSyncProperties properties, Configuration templates) {
        this.manifest = manifest;
        this.zone = properties.calendar().timeZone();
        this.freemarker = templates;
    }

    @GetMapping("/manifest/{date}")
    public ResponseEntity<String> page(@PathVariable String date) throws IOException, TemplateException {
        LocalDate day = parse(date);
        if (day == null) {
            return message(HttpStatus.BAD_REQUEST, "Not a date",
                    "“" + date + "” is not a date. A manifest's address names its day as yyyy-mm-dd, e.g. /manifest/2026-05-31.", null);
        }
        DayManifest m;
        try {
            m = manifest.build(day);
        } catch (SdkException e) {
            LOG.warn("Manifest of {} could not read the records: {}", day, e.toString());
            return message(HttpStatus.BAD_GATEWAY, "Records not readable",
                    "The charter records of " + DockManifest.DAY.format(day) + " could not be read from DynamoDB: " + e.getMessage(), day);
        }
        if (m.charters().isEmpty()) {
            return message(HttpStatus.NOT_FOUND, "No charters", "No charter is recorded for " + m.dateText() + ".", day);
        }
        Map<String, Object> view = new HashMap<>();
        view.put("m", m);
        view.put("day", day.toString());
        view.put("previous", day.minusDays(1).toString());
        view.put("next", day.plusDays(1).toString());
        view.put("previousText", SHORT_DAY.format(day.minusDays(1)));
        view.put("nextText", SHORT_DAY.format(day.plusDays(1)));
        return html(HttpStatus.OK, "manifest.ftlh", view);
    }

    @GetMapping("/manifest/{date}.csv")
    public ResponseEntity<String> csv(@PathVariable String date) {
        LocalDate day = parse(date);
        if (day == null) {
            return text(HttpStatus.BAD_REQUEST, "Not a date: '" + date + "'. Use yyyy-mm-dd, e.g. /manifest/2026-05-31.csv\n");
        }
        DayManifest m;
        try {
            m = manifest.build(day);
        } catch (SdkException e) {
            LOG.warn("Manifest of {} could not read the records: {}", day, e.toString());
            return text(HttpStatus.BAD_GATEWAY, "The charter records could not be read from DynamoDB: " + e.getMessage() + "\n");
        }
        if (m.charters().isEmpty()) {
            return text(HttpStatus.NOT_FOUND, "No charter is recorded for " + m.dateText() + ".\n");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(CSV)
                .header("Content-Disposition", ContentDisposition.attachment().filename("manifest-" + day + ".csv").build().toString())
                .body(ManifestCsv.render(m, zone));
    }

    static LocalDate parse(String date) {
        try {
            return LocalDate.parse(date, ISO_DAY);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private ResponseEntity<String> message(HttpStatus status, String title, String text, LocalDate day)
            throws IOException, TemplateException {
        Map<String, Object> view = new HashMap<>();
        view.put("title", title);
        view.put("text", text);
        if (day != null) {
            view.put("previous", day.minusDays(1).toString());
            view.put("next", day.plusDays(1).toString());
        }
        return html(status, "manifest-message.ftlh", view);
    }

    private ResponseEntity<String> html(HttpStatus status, String template, Map<String, Object> view)
            throws IOException, TemplateException {
        StringWriter html = new StringWriter(16 * 1024);
        freemarker.getTemplate(template).process(view, html);
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).contentType(HTML).body(html.toString());
    }

    private static ResponseEntity<String> text(HttpStatus status, String body) {
        return ResponseEntity.status(status).cacheControl(CacheControl.noStore())
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8)).body(body);
    }
}
