package com.jada.chartersync.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's results file: one row per figure and N, a run replacing only the rows of the groups and Ns it measured. */
class ResultsTest {

    @TempDir
    Path dir;

    @Test
    void aRunReplacesTheRowsOfTheGroupsAndNsItMeasuredAndKeepsTheOthersWithTheirRun() throws Exception {
        Path file = dir.resolve("results.tsv");
        Results first = new Results(file, "run-1");
        first.describeRun("2 cores");
        first.add("board.response_median", 1000, 228, "ms");
        first.add("board.response_median", 5000, 385, "ms");
        first.add("board.response_p95", 1000, 300, "ms");
        first.add("push.edit_to_verified.p50", 1000, 433, "ms");
        assertThat(first.target("board.response_median", 5000, "<=", 500)).isTrue();
        first.write();

        Results second = new Results(file, "run-2");
        second.describeRun("2 cores, loaded");
        second.add("board.response_median", 1000, 612.5, "ms");
        assertThat(second.target("board.response_median", 1000, "<=", 500)).isFalse();
        second.write();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).contains("# run run-1: 2 cores", "# run run-2: 2 cores, loaded", Results.HEADER);
        List<String> rows = lines.subList(lines.indexOf(Results.HEADER) + 1, lines.size());
        assertThat(rows).containsExactly(
                "board.response_median\t1000\tzero\t612.50\tms\t<= 500\tno\trun-2",
                "board.response_median\t5000\tzero\t385\tms\t<= 500\tyes\trun-1",
                "push.edit_to_verified.p50\t1000\tzero\t433\tms\t\t\trun-1");
    }

    @Test
    void aFigureIsFiledUnderTheLatencyProfileItWasMeasuredAt() {
        assertThat(Results.profile("aws_like.change_to_verified.p50")).isEqualTo("aws-like");
        assertThat(Results.profile("first.per_event")).isEqualTo("zero");
        assertThat(Results.profile("product.rss_peak")).isEqualTo("both");
    }
}
