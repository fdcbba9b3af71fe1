package com.jada.chartersync.manifest;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The manifest's CSV, without Spring: one row per participant, safe to open in a spreadsheet, RFC 4180. */
class ManifestCsvTest {

    static final ZoneId MARINA = ZoneId.of("America/Los_Angeles");

    static DayManifest.Charter charter(String guest, String captain, List<String> crew, int party, boolean cancelled,
                                       List<Roster.Participant> people, int signed) {
        return new DayManifest.Charter(guest.toLowerCase().replaceAll("[^a-z]", "") + "-sunday-2026-05-31", guest, "sail",
                "1:00 PM", "arrive by 12:30 PM", captain, crew, party, cancelled, new Roster(people, party, signed, null));
    }

    static DayManifest day(boolean waiversRead, DayManifest.Charter... charters) {
        return new DayManifest(LocalDate.of(2026, 5, 31), "Sunday, May 31, 2026", "Pacific Daylight Time", List.of(charters),
                waiversRead, List.of(), "now", 1);
    }

    static final Roster.Participant QUINN = new Roster.Participant("Quinn", true, 16, true, "2026-05-30T18:05:00Z", "Pat Lee", "parent");

    /** Splits RFC 4180 text into rows of cells (quoted cells may hold commas, quotes and line breaks). */
    static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char ch = csv.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(ch);
            }
        }
        return rows;
    }

    static List<List<String>> rows(DayManifest day) {
        String csv = ManifestCsv.render(day, MARINA);
        assertThat(csv).startsWith(ManifestCsv.BOM).endsWith("\r\n");
        List<List<String>> rows = parse(csv.substring(1));
        rows.forEach(r -> assertThat(r).as("every row has every column").hasSameSizeAs(ManifestCsv.HEADER));
        return rows;
    }

    static String col(List<String> row, String name) {
        return row.get(ManifestCsv.HEADER.indexOf(name));
    }

    @Test
    void csvHasARowPerParticipantAndOneForTheUnnamedRestOfEachParty() {
        List<List<String>> rows = rows(day(true,
                charter("Quinn", "Sarah", List.of("Marcus"), 4, false, List.of(QUINN), 1),
                charter("Jonathan", "Gene", List.of("Angelia"), 6, false, List.of(), 0)));

        assertThat(rows.get(0)).isEqualTo(ManifestCsv.HEADER);
        assertThat(rows).hasSize(4);
        List<String> quinn = rows.get(1);
        assertThat(col(quinn, "participant")).isEqualTo("Quinn");
        assertThat(col(quinn, "adult or minor")).isEqualTo("minor");
        assertThat(col(quinn, "age")).isEqualTo("16");
        assertThat(col(quinn, "waiver")).isEqualTo("signed");
        assertThat(col(quinn, "signed at")).isEqualTo("2026-05-30 11:05");
        assertThat(col(quinn, "guardian")).isEqualTo("Pat Lee");
        assertThat(col(quinn, "guardian relationship")).isEqualTo("parent");
        assertThat(col(quinn, "still to sign")).isEqualTo("3");
        assertThat(col(rows.get(2), "note")).isEqualTo("3 more still to sign, names not known yet");
        List<String> jonathan = rows.get(3);
        assertThat(col(jonathan, "guest")).isEqualTo("Jonathan");
        assertThat(col(jonathan, "participant")).isEmpty();
        assertThat(col(jonathan, "waiver")).isEqualTo("not signed");
        assertThat(col(jonathan, "still to sign")).isEqualTo("6");
        assertThat(col(jonathan, "note")).isEqualTo("6 still to sign, names not known yet");
        assertThat(col(jonathan, "captain")).isEqualTo("Gene");
        assertThat(col(jonathan, "sails")).isEqualTo("1:00 PM");
    }

    @Test
    void csvNeutralisesFormulaCells() {
        for (String hostile : List.of("=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd", "＝1+1")) {
            assertThat(ManifestCsv.cell(hostile)).as(hostile).matches("(?s)\"?'.*");
        }
        assertThat(ManifestCsv.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(ManifestCsv.cell("Quinn")).isEqualTo("Quinn");
        assertThat(ManifestCsv.cell("2026-05-31")).isEqualTo("2026-05-31");

        Roster.Participant evil = new Roster.Participant("=cmd|' /C calc'!A0", false, 40, true, null, null, null);
        List<List<String>> rows = rows(day(true, charter("@Mallory", "-Sarah", List.of("+Gene"), 1, false, List.of(evil), 1)));
        List<String> row = rows.get(1);
        assertThat(col(row, "guest")).isEqualTo("'@Mallory");
        assertThat(col(row, "captain")).isEqualTo("'-Sarah");
        assertThat(col(row, "crew")).isEqualTo("'+Gene");
        assertThat(col(row, "participant")).isEqualTo("'=cmd|' /C calc'!A0");
        assertThat(rows.stream().flatMap(List::stream)).noneMatch(c -> !c.isEmpty() && "=+-@\t\r".indexOf(c.charAt(0)) >= 0);
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaksPerRfc4180() {
        assertThat(ManifestCsv.cell("Lee, Pat")).isEqualTo("\"Lee, Pat\"");
        assertThat(ManifestCsv.cell("Pat \"Skip\" Lee")).isEqualTo("\"Pat \"\"Skip\"\" Lee\"");
        assertThat(ManifestCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(ManifestCsv.cell("\rcr")).isEqualTo("\"'\rcr\"");

        Roster.Participant odd = new Roster.Participant("O'Brien, \"Zoë\"\nJr", true, 9, true, null, "Lee, Pat", "step-parent");
        List<List<String>> rows = rows(day(true, charter("Zoë, \"Z\"", "Sarah", List.of("Marcus", "Gene"), 1, false, List.of(odd), 1)));
        assertThat(col(rows.get(1), "participant")).isEqualTo("O'Brien, \"Zoë\"\nJr");
        assertThat(col(rows.get(1), "guest")).isEqualTo("Zoë, \"Z\"");
        assertThat(col(rows.get(1), "crew")).isEqualTo("Marcus, Gene");
        assertThat(col(rows.get(1), "guardian")).isEqualTo("Lee, Pat");
    }

    @Test
    void csvMarksACancelledCharterAndUnreadableWaiversInsteadOfGuessing() {
        List<List<String>> cancelled = rows(day(true, charter("Tamsin", "Sarah", List.of(), 2, true, List.of(), 0)));
        assertThat(cancelled).hasSize(2);
        assertThat(col(cancelled.get(1), "note")).isEqualTo("cancelled");
        assertThat(col(cancelled.get(1), "still to sign")).isEmpty();

        List<List<String>> unknown = rows(day(false, charter("Jonathan", "Gene", List.of(), 6, false, List.of(), 0)));
        assertThat(col(unknown.get(1), "waiver")).isEqualTo("unknown");
        assertThat(col(unknown.get(1), "note")).isEqualTo("waivers not readable");
    }
}
