package com.jada.chartersync.manifest;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The dock manifest as CSV for a spreadsheet: RFC 4180 (comma-separated, CRLF, a cell quoted when it holds a
 * comma, quote or line break, quotes doubled), UTF-8 with a byte order mark so spreadsheets read accents right.
 * One row per participant known to the waiver system, one more per charter for the part of its party nobody has
 * named yet (and one for a cancelled charter), so every unsigned place is a row. Every cell is
 * spreadsheet-safe: one that begins with a character a spreadsheet reads as the start of a formula gets a
 * leading single quote, whatever the calendar or a guest typed.
 */
public final class ManifestCsv {

    static final String BOM = "\uFEFF";
    static final List<String> HEADER = List.of("date", "sails", "arrive", "guest", "event id", "type", "captain", "crew",
            "party size", "still to sign", "participant", "adult or minor", "age", "waiver", "signed at", "guardian",
            "guardian relationship", "note");
    private static final DateTimeFormatter SIGNED_AT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.US);

    private ManifestCsv() {
    }

    public static String render(DayManifest day, ZoneId zone) {
        StringBuilder out = new StringBuilder(BOM);
        row(out, HEADER);
        for (DayManifest.Charter c : day.charters()) {
            Roster r = c.roster();
            List<String> charter = List.of(day.date().toString(), orEmpty(c.sails()),
                    orEmpty(c.arrive()), c.guestName(), orEmpty(c.eventId()), c.eventType(), c.captain(), c.crewText(),
                    c.partySize() == null ? "" : c.partySize().toString(),
                    c.cancelled() || !day.waiversRead() ? "" : Integer.toString(r.stillToSign()));
            if (c.cancelled()) {
                row(out, charter, "", "", "", "", "", "", "", "cancelled");
                continue;
            }
            for (Roster.Participant p : r.participants()) {
                row(out, charter, p.name(), p.minor() ? "minor" : "adult", p.age() == null ? "" : p.age().toString(),
                        !day.waiversRead() ? "unknown" : p.signed() ? "signed" : "not signed", signedAt(p.signedAt(), zone),
                        orEmpty(p.guardian()), orEmpty(p.guardianRelationship()),
                        p.minor() && !p.signed() ? "named in the calendar; needs a guardian to sign" : "");
            }
            if (!day.waiversRead()) {
                row(out, charter, "", "", "", "unknown", "", "", "", "waivers not readable");
            } else if (r.unnamedToSign() > 0) {
                row(out, charter, "", "", "", "not signed", "", "", "",
                        r.unnamedToSign() + (r.participants().isEmpty() ? "" : " more") + " still to sign, names not known yet");
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> charter, String... participant) {
        List<String> cells = new ArrayList<>(charter);
        cells.addAll(List.of(participant));
        row(out, cells);
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        out.append("\r\n");
    }

    /**
     * One cell, spreadsheet-safe and RFC 4180-quoted. A value beginning with {@code = + - @}, a tab or a carriage
     * return (or their full-width forms, which some spreadsheets fold into them) is prefixed with a single quote,
     * so it stays text; a value with a comma, quote, or line break is quoted, its quotes doubled.
     */
    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r＝＋－＠".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static String signedAt(String instant, ZoneId zone) {
        if (instant == null || instant.isBlank()) {
            return "";
        }
        try {
            return SIGNED_AT.format(Instant.parse(instant).atZone(zone));
        } catch (RuntimeException e) {
            return instant;
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
