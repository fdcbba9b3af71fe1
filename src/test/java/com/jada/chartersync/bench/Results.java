package com.jada.chartersync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The benchmark's figures and the one results file they are written to ({@code docs/benchmark-results.tsv} by
 * default, {@code bench.results}): tab-separated, one row per figure and N ({@code figure n profile value unit target
 * met run}), a {@code #} line per run naming its machine. A run replaces the rows of every group and N it measured (a
 * group is a figure's first name part: {@code board}, {@code takeover}, {@code aws_like}) and keeps the other rows, each
 * with the run that measured it; docs/benchmark.md says what each figure means.
 */
final class Results {

    static final String HEADER = "figure\tn\tprofile\tvalue\tunit\ttarget\tmet\trun";

    record Result(String name, int n, double value, String unit) {
    }

    /** A target the issue sets for a figure: {@code value op limit}, op one of {@code <=}, {@code >=}, {@code =}. */
    record Target(String op, double limit) {
        boolean met(double value) {
            return switch (op) {
                case "<=" -> value <= limit;
                case ">=" -> value >= limit;
                default -> value == limit;
            };
        }

        @Override
        public String toString() {
            return op + " " + format(limit);
        }
    }

    private final List<Result> results = new ArrayList<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final Path file;
    private final String runId;
    private String runDescription = "";

    /** @param runId a short id of this run (its start, UTC) */
    Results(Path file, String runId) {
        this.file = file;
        this.runId = runId;
    }

    /** What the file says about this run: the machine, its load, the settings. */
    void describeRun(String description) {
        this.runDescription = description;
    }

    void add(String name, int n, double value, String unit) {
        results.add(new Result(name, n, value, unit));
    }

    /** The last value of a figure for this N. */
    double value(String name, int n) {
        return results.stream().filter(r -> r.name().equals(name) && r.n() == n).mapToDouble(Result::value)
                .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("no figure " + name + " for N=" + n));
    }

    /** Sets the target of a figure (every N) and answers whether this N's value meets it. */
    boolean target(String name, int n, String op, double limit) {
        Target t = new Target(op, limit);
        targets.put(name, t);
        return t.met(value(name, n));
    }

    /** Which latency profile a figure was measured at: {@code aws-like}, {@code zero}, or {@code both} (a whole run). */
    static String profile(String name) {
        if (name.startsWith("aws_like.")) {
            return "aws-like";
        }
        return name.startsWith("product.rss_peak") ? "both" : "zero";
    }

    /** The figures of these Ns as a table, for the log. */
    String table(List<Integer> ns) {
        Map<String, Map<Integer, Result>> rows = new LinkedHashMap<>();
        for (Result r : results) {
            rows.computeIfAbsent(r.name(), k -> new TreeMap<>()).put(r.n(), r);
        }
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%n%-44s %-9s", "figure", "unit"));
        ns.forEach(n -> table.append(String.format(Locale.ROOT, " %12s", "N=" + n)));
        table.append('\n');
        rows.forEach((name, byN) -> {
            String unit = byN.values().iterator().next().unit();
            table.append(String.format(Locale.ROOT, "%-44s %-9s", name, unit));
            for (int n : ns) {
                Result r = byN.get(n);
                table.append(String.format(Locale.ROOT, " %12s", r == null ? "-" : format(r.value())));
            }
            table.append('\n');
        });
        return table.toString();
    }

    /**
     * Writes the results file: this run's rows (the last value of each figure and N) in place of every row of the Ns
     * it measured, the other rows as they were, grouped by figure.
     */
    void write() throws IOException {
        Map<String, String[]> merged = new LinkedHashMap<>();
        Set<String> measured = new LinkedHashSet<>();
        for (Result r : results) {
            measured.add(group(r.name()) + "\t" + r.n());
            Target t = targets.get(r.name());
            merged.put(r.name() + "\t" + r.n(), new String[]{r.name(), Integer.toString(r.n()), profile(r.name()),
                    format(r.value()), r.unit(), t == null ? "" : t.toString(), t == null ? "" : t.met(r.value()) ? "yes" : "no",
                    runId});
        }
        Map<String, String> runs = new LinkedHashMap<>();
        runs.put(runId, runDescription);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("# run ")) {
                    String[] run = line.substring("# run ".length()).split(": ", 2);
                    runs.putIfAbsent(run[0], run.length > 1 ? run[1] : "");
                } else if (!line.isBlank() && !line.startsWith("#") && !line.equals(HEADER)) {
                    String[] row = line.split("\t", -1);
                    if (row.length == 8 && !measured.contains(group(row[0]) + "\t" + row[1])) {
                        merged.putIfAbsent(row[0] + "\t" + row[1], row);
                    }
                }
            }
        }
        Map<String, Map<Integer, String[]>> byFigure = new LinkedHashMap<>();
        merged.values().forEach(row -> byFigure.computeIfAbsent(row[0], k -> new TreeMap<>()).put(Integer.parseInt(row[1]), row));
        Set<String> used = new LinkedHashSet<>();
        byFigure.values().forEach(rows -> rows.values().forEach(row -> used.add(row[7])));

        StringBuilder out = new StringBuilder();
        out.append("# charter-sync cycle benchmark (mvn -Pbench verify): one row per figure and N; docs/benchmark.md says\n")
                .append("# what each figure means. A run replaces the rows of the groups and Ns it measured; column run names the run.\n");
        runs.forEach((id, description) -> {
            if (used.contains(id)) {
                out.append("# run ").append(id).append(": ").append(description).append('\n');
            }
        });
        out.append(HEADER).append('\n');
        byFigure.values().forEach(rows -> rows.values().forEach(row -> out.append(String.join("\t", row)).append('\n')));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, out.toString());
    }

    /** A figure's group: its name up to the first dot. */
    static String group(String figure) {
        int dot = figure.indexOf('.');
        return dot < 0 ? figure : figure.substring(0, dot);
    }

    Path file() {
        return file;
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
