package com.jada.chartersync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import com.jada.chartersync.localcloud.LocalCloudServer;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cycle benchmark of issues #6 and #15: what a sync cycle costs (calls per service, time, CPU per process) as
 * the calendar grows, at zero latency and at an AWS-like profile, and how close the Camel pipeline gets to the
 * raw-SDK floors (sequential, and with the pipeline's concurrency). Not a test: {@code mvn -Pbench verify} runs it.
 *
 * <p>For every N it starts the local cloud ({@code LocalCloudServer}, its latency relays in place) and the packaged
 * runtime beside it as {@link ProductLaunch} says (fresh data directory, every port free, poll timer off), generates
 * events into the calendar sandbox, triggers cycles over HTTP and reads each cycle's {@code calls} (counted at the
 * clients by the runtime), runs the {@link Floor}s against the same stand-ins, switches the local cloud to the
 * AWS-like profile and does it again, then starts the runtime again with concurrency 1 for the speedup
 * (docs/benchmark.md, "What one N does"). Output: a table on stdout and the results file ({@link Results}).
 *
 * <p>Settings (system properties): {@code bench.n} (default 100,1000,5000), {@code bench.changes} (crew changes
 * for the latency figure, default 20), {@code bench.concurrency} (the pipeline's; default: the product's own),
 * {@code bench.sequentialSample} (250), {@code bench.cds} (true), {@code bench.push} (true), {@code bench.jar}
 * (default target/charter-sync-*.jar), {@code bench.jvmArgs} (extra JVM options for the child, e.g. a JFR
 * recording), {@code bench.out} (logs and the product's files), {@code bench.results} (the results file, default
 * docs/benchmark-results.tsv).
 */
public final class CycleBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] SERVICES = {"calendar", "dynamodb", "s3", "cloudfront", "lambda"};
    static final int WARMUP_EVENTS = 150;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Results results;
    private final int changes;
    private final Path jar;
    /** The JVM options and jar the product is started with (docs/operations.md), bench.jvmArgs appended. */
    private final ProductLaunch launch;
    private final Path out;
    private final Concurrency concurrency;
    private final int sequentialSample;

    /** Crew changes measured at the AWS-like profile (each cycle there waits a few hundred ms). */
    static final int AWS_CHANGES = 10;

    /** The pipeline's concurrency: {@code bench.concurrency} if given (then passed to the product), else its default. */
    record Concurrency(boolean given, int value) {
        @Override
        public String toString() {
            return value + (given ? " (bench.concurrency)" : " (the product's default)");
        }
    }

    CycleBenchmark(int changes, Path jar, ProductLaunch launch, Path out, Concurrency concurrency, int sequentialSample,
                   Results results) {
        this.results = results;
        this.changes = changes;
        this.jar = jar;
        this.launch = launch;
        this.out = out;
        this.concurrency = concurrency;
        this.sequentialSample = sequentialSample;
    }

    public static void main(String[] args) throws Exception {
        List<Integer> ns = Arrays.stream(System.getProperty("bench.n", "100,1000,5000").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        int changes = Integer.getInteger("bench.changes", 20);
        Path out = Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath();
        String extra = System.getProperty("bench.jvmArgs", "").strip();
        List<String> jvmArgs = extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
        Files.createDirectories(out);
        Path jar = findJar();
        String given = System.getProperty("bench.concurrency", "").strip();
        Concurrency concurrency = given.isEmpty() ? new Concurrency(false, ProductLaunch.defaultConcurrency(jar))
                : new Concurrency(true, Integer.parseInt(given));
        ProductLaunch launch = ProductLaunch.prepare(jar, out.resolve("product"), jvmArgs);
        Results results = new Results(Path.of(System.getProperty("bench.results", "docs/benchmark-results.tsv")).toAbsolutePath(),
                DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        CycleBenchmark bench = new CycleBenchmark(changes, jar, launch, out, concurrency,
                Integer.getInteger("bench.sequentialSample", 250), results);
        System.out.printf("charter-sync cycle benchmark: N=%s, %d crew changes, %d cores, load %s, jar %s%n"
                        + "  product: java %s; pipeline concurrency %s%n",
                ns, changes, Runtime.getRuntime().availableProcessors(), loadAverage(), bench.jar.getFileName(), launch,
                concurrency);
        for (int n : ns) {
            bench.run(n);
            bench.report(ns);
        }
        int takeovers = Integer.getInteger("bench.takeover", 0);
        if (takeovers > 0) {
            bench.runTakeover(takeovers);
            bench.report(List.of(SAMPLE_EVENTS));
        }
        if (Boolean.parseBoolean(System.getProperty("bench.push", "true"))) {
            bench.runPush();
            List<Integer> all = new ArrayList<>(ns);
            if (!all.contains(SAMPLE_EVENTS)) {
                all.add(SAMPLE_EVENTS);
            }
            bench.report(all);
        }
    }

    /**
     * Takeover on the defaults (lease 20 s, renewal 5 s, first poll 5 s after taking the lease): two replicas of the
     * jar on one local cloud, both polling. Each run kills the leader with SIGKILL, changes Danika's crew in the
     * calendar at once, and times until the other replica leads and until the edge serves the change (the new
     * leader's first poll publishes it; nobody calls /api/sync). The killed replica is started again as the follower.
     */
    void runTakeover(int runs) throws Exception {
        Child child = Child.start(launch, out.resolve("runtime-takeover-a.log"), List.of("--charter.sync.poll-enabled=true"));
        List<Process> replicas = new ArrayList<>();
        try {
            child.awaitHealthy(Duration.ofMinutes(3));
            int[] ports = {child.port("server"), Child.freePort()};
            replicas.add(child.process);
            replicas.add(child.startReplica(ports[1], "replica-b", out.resolve("runtime-takeover-b.log")));
            awaitReady(ports[1], Duration.ofMinutes(3));
            CalendarEvents calendar = new CalendarEvents(http, child.port("calendar"));
            String danika = calendar.find("Danika").get("id").asText();
            String description = calendar.find("Danika").get("description").asText();
            List<Double> toLeader = new ArrayList<>();
            List<Double> toVerified = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                int leader = leads(ports[0]) ? 0 : 1;
                int survivor = 1 - leader;
                String crew = "Takeover " + run;
                long t0 = System.nanoTime();
                replicas.get(leader).destroyForcibly(); // SIGKILL: no release of the lease
                calendar.patchDescription(danika, description.replaceAll("(?m)^Crew: .*$", "Crew: " + crew));
                Instant deadline = Instant.now().plusSeconds(90);
                while (!leads(ports[survivor])) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("no replica leads 90 s after the leader was killed");
                    }
                    Thread.sleep(20);
                }
                toLeader.add((System.nanoTime() - t0) / 1e6);
                awaitEdge(child, "2026-06-14/danika-guest.html", "Deckhand " + crew);
                toVerified.add((System.nanoTime() - t0) / 1e6);
                System.out.printf("takeover %d: replica on :%d leads %.1f s after the SIGKILL, the edit at the edge %.1f s%n",
                        run, ports[survivor], toLeader.get(run - 1) / 1000, toVerified.get(run - 1) / 1000);
                replicas.get(leader).waitFor();
                replicas.set(leader, child.startReplica(ports[leader], "replica-" + run,
                        out.resolve("runtime-takeover-" + run + ".log")));
                awaitReady(ports[leader], Duration.ofMinutes(3));
            }
            for (String figure : List.of("kill_to_leader", "kill_to_verified")) {
                List<Double> values = figure.equals("kill_to_leader") ? toLeader : toVerified;
                add("takeover." + figure + ".min", SAMPLE_EVENTS, percentile(values, 0), "ms");
                add("takeover." + figure + ".p50", SAMPLE_EVENTS, percentile(values, 50), "ms");
                add("takeover." + figure + ".max", SAMPLE_EVENTS, percentile(values, 100), "ms");
            }
            add("takeover.runs", SAMPLE_EVENTS, runs, "runs");
            atMost("takeover.kill_to_verified.max", SAMPLE_EVENTS, 30_000);
        } finally {
            for (Process p : replicas) {
                p.destroyForcibly();
            }
            child.stop();
        }
    }

    private boolean leads(int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/leadership"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && JSON.readTree(r.body()).path("leads").asBoolean();
        } catch (Exception notAnswering) {
            return false;
        }
    }

    private void awaitReady(int port, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("replica on :" + port + " not ready within " + timeout);
    }

    /** The sample calendar's three charters: the push figure is taken on the embedded default as it starts. */
    static final int SAMPLE_EVENTS = 3;

    /**
     * Push notifications on the embedded default: a runtime with push on (pointed at itself) and the poll timer
     * off; each crew change is a PATCH of Danika's event in the sandbox, and the time runs until the edge serves her
     * page with the new crew member. Nobody calls /api/sync: only the sandbox's notification starts the cycle.
     */
    void runPush() throws Exception {
        Child child = null;
        for (int attempt = 1; child == null; attempt++) {
            Child c = Child.start(launch, out.resolve("runtime-push.log"), List.of("--charter.calendar.push.enabled=true"));
            try {
                c.awaitHealthy(Duration.ofMinutes(3));
                child = c;
            } catch (IllegalStateException failed) {
                c.stop();
                if (attempt == 3) {
                    throw failed;
                }
            }
        }
        try {
            CalendarEvents calendar = new CalendarEvents(http, child.port("calendar"));
            requireClean(child.sync(), "first cycle before push");
            String danika = calendar.find("Danika").get("id").asText();
            String description = calendar.find("Danika").get("description").asText();
            int pushCyclesBefore = child.cyclesBy("push");
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < changes; i++) {
                String crew = CalendarEvents.NEW_CREW[i % CalendarEvents.NEW_CREW.length] + " " + (i + 1);
                long t0 = System.nanoTime();
                calendar.patchDescription(danika, description.replaceAll("(?m)^Crew: .*$", "Crew: " + crew));
                awaitEdge(child, "2026-06-14/danika-guest.html", "Deckhand " + crew);
                latencies.add((System.nanoTime() - t0) / 1e6);
            }
            int pushCycles = child.cyclesBy("push") - pushCyclesBefore;
            if (pushCycles < 1) {
                throw new IllegalStateException("no cycle was started by a push notification");
            }
            add("push.edit_to_verified.p50", SAMPLE_EVENTS, percentile(latencies, 50), "ms");
            add("push.edit_to_verified.p95", SAMPLE_EVENTS, percentile(latencies, 95), "ms");
            add("push.cycles", SAMPLE_EVENTS, pushCycles, "cycles");
            System.out.printf("push: %d edits, %d cycles started by notifications, edit to verified %s ms%n",
                    latencies.size(), pushCycles, latencies);
        } finally {
            child.stop();
        }
    }

    // ---- one N ---------------------------------------------------------------------------------

    /** The AWS-like profile: in-region round trips (docs/benchmark.md says where each figure comes from). */
    static final String AWS_LIKE = "calendar=150ms dynamodb=6ms s3=30ms cloudfront=300ms lambda=40ms edge=40ms";
    static final String ZERO = "calendar=0 dynamodb=0 s3=0 cloudfront=0 lambda=0 edge=0";

    void run(int n) throws Exception {
        List<String> concurrencyArg = concurrency.given() ? List.of("--charter.sync.concurrency=" + concurrency.value()) : List.of();
        Child child = startChild(n, concurrencyArg);
        try {
            add("startup_to_healthy", n, child.startup, "s");
            add("product.startup_to_healthy", n, child.startup, "s");
            System.out.printf("%nN=%d: runtime healthy in %.1f s (log %s); pipeline concurrency %s%n", n, child.startup,
                    child.log, concurrency);

            CalendarEvents calendar = new CalendarEvents(http, child.port("calendar"));
            long t = System.nanoTime();
            List<CalendarEvents.Made> events = calendar.generate(n);
            System.out.printf("N=%d: %d events generated into the calendar sandbox in %d ms%n", n, events.size(), ms(t));

            // Warm the stand-ins (S3Mock, dynalite, Lambda, edge) and this JVM's clients with a part of the floor, so
            // that neither measurement below pays for their JIT warm-up. The runtime's own code stays cold: a first
            // cycle after start-up pays for that, and that is part of its figure.
            t = System.nanoTime();
            new Floor(child.ports, http, "bench-warmup", Math.min(n, WARMUP_EVENTS)).run();
            System.out.printf("N=%d: stand-ins warmed up in %d ms%n", n, ms(t));

            // ---- zero latency: what the pipeline costs in CPU ----------------------------------------------------
            // 1. first cycle: the whole window, every event new
            Cpu cpu = child.cpu();
            JsonNode first = child.sync();
            figures("first", n, first);
            double firstMs = first.path("durationMs").asDouble();
            int seen = first.path("eventsSeen").asInt();
            int firstNew = first.path("eventsChanged").asInt();
            add("first.duration", n, firstMs, "ms");
            add("first.events_seen", n, seen, "events");
            add("first.throughput", n, seen / (firstMs / 1000.0), "events/s");
            add("first.per_event", n, firstMs / seen, "ms/event");
            cpuFigures("first", n, child.cpu().minus(cpu), seen, firstMs);
            add("first.calls.dynamodb_per_new_event", n, first.path("calls").path("dynamodb").asDouble() / firstNew, "calls/event");
            requireClean(first, "first cycle");
            add("heap_used_after_first_cycle", n, child.heapAfterGc() / 1048576.0, "MiB");

            // the operator's status board over the whole window (server time to the full HTML; median of 5)
            board(child, n);

            // 2. no-op cycles: nothing changed in the calendar
            List<Double> noop = new ArrayList<>();
            JsonNode quiet = null;
            for (int i = 0; i < 5; i++) {
                quiet = child.sync();
                noop.add(quiet.path("durationMs").asDouble());
            }
            figures("noop", n, quiet);
            add("noop.duration_median", n, percentile(noop, 50), "ms");

            // 2b. the drift audit (what the leader runs every charter.audit.interval) on a window with no drift
            audit(n, child.post("/api/audit"));

            // 3. one crew change, then more for the change-to-verified latency (cycle triggered, no poll wait)
            changes("", n, child, calendar, events.subList(0, events.size() - 1), changes);

            // 4. cancel one event
            CalendarEvents.Made gone = events.get(events.size() - 1);
            calendar.delete(gone.calendarId());
            JsonNode cancel = child.sync();
            requireClean(cancel, "cancel");
            figures("cancel", n, cancel);
            add("rss_peak", n, child.peakRssKiB() / 1024.0, "MiB");

            // 5. the floors, sequential and with the pipeline's concurrency, against the same stand-ins, in the same
            // run, each from the bucket size the first cycle met
            double pipelinePerEvent = firstMs / seen;
            floor("", n, child, "bench-floor", Integer.MAX_VALUE, 1, pipelinePerEvent);
            floor("", n, child, "bench-floor-parallel", Integer.MAX_VALUE, concurrency.value(), pipelinePerEvent);

            // 6. N more new events on the now warm runtime: the first cycle's per-event work without the runtime's
            // own JIT warm-up, from an empty bucket as the floor
            Floor.clearBucket(child.ports, "\u0000");
            // a client of its own: the sandbox may have closed the first one's pooled connections while idle
            calendar = new CalendarEvents(HttpClient.newHttpClient(), child.port("calendar"));
            calendar.generate(n, n);
            cpu = child.cpu();
            JsonNode warm = child.sync();
            requireClean(warm, "warm batch");
            double warmMs = warm.path("durationMs").asDouble();
            int warmChanged = requireNew(warm, n, "warm batch");
            add("warm.duration", n, warmMs, "ms");
            add("warm.throughput", n, warmChanged / (warmMs / 1000.0), "events/s");
            add("warm.per_event", n, warmMs / warmChanged, "ms/event");
            cpuFigures("warm", n, child.cpu().minus(cpu), warmChanged, warmMs);
            add("ratio.warm_pipeline_throughput_over_floor", n, value("floor.per_event", n) / (warmMs / warmChanged), "x");

            // ---- AWS-like latency: what the pipeline waits for ---------------------------------------------------
            child.latency(AWS_LIKE);
            System.out.printf("N=%d: latency now %s%n", n, AWS_LIKE);
            // 7. N more new events, on the same (warm) runtime: the window now holds 3N, listed page by page
            Floor.clearBucket(child.ports, "\u0000");
            List<CalendarEvents.Made> aws = calendar.generate(n, 2 * n);
            cpu = child.cpu();
            JsonNode awsFirst = child.sync();
            requireClean(awsFirst, "AWS-like first cycle");
            double awsMs = awsFirst.path("durationMs").asDouble();
            int awsNew = requireNew(awsFirst, n, "AWS-like first cycle");
            figures("aws_like.first", n, awsFirst);
            add("aws_like.first.duration", n, awsMs, "ms");
            add("aws_like.first.events_new", n, awsNew, "events");
            add("aws_like.first.per_event", n, awsMs / awsNew, "ms/event");
            add("aws_like.first.throughput", n, awsNew / (awsMs / 1000.0), "events/s");
            cpuFigures("aws_like.first", n, child.cpu().minus(cpu), awsNew, awsMs);
            System.out.printf("N=%d: AWS-like first cycle: %d new events in %.0f ms%n", n, awsNew, awsMs);

            // 8. change to verified at the edge, at AWS-like latency
            changes("aws_like.", n, child, calendar, aws, Math.min(changes, AWS_CHANGES));

            // 9. the floors at AWS-like latency: the parallel one over N events, the sequential one over a sample
            // (its per-event time does not depend on N; the whole N would take minutes)
            int sample = Math.min(n, sequentialSample);
            floor("aws_like.", n, child, "bench-floor-aws", sample, 1, awsMs / awsNew);
            floor("aws_like.", n, child, "bench-floor-aws-parallel", n, concurrency.value(), awsMs / awsNew);
            add("aws_like.ratio.pipeline_over_parallel_floor", n,
                    (awsNew / (awsMs / 1000.0)) / value("aws_like.floor_parallel.throughput", n), "x");
            add("aws_like.ratio.pipeline_over_floor", n,
                    (awsNew / (awsMs / 1000.0)) / value("aws_like.floor.throughput", n), "x");

            // 10. the same pipeline with concurrency 1 (a runtime started again, same local cloud), over the sample
            add("product.rss_peak", n, child.peakRssKiB() / 1024.0, "MiB");
            double restart = child.restartProduct(List.of("--charter.sync.concurrency=1"));
            System.out.printf("N=%d: runtime started again with concurrency 1 in %.1f s%n", n, restart);
            // as warm as the runtime it is compared with: a batch of new events at zero latency first
            child.latency(ZERO);
            calendar.generate(WARMUP_EVENTS, 4 * n);
            requireClean(child.sync(), "warm-up of the concurrency-1 runtime");
            child.latency(AWS_LIKE);
            Floor.clearBucket(child.ports, "\u0000");
            calendar.generate(sample, 3 * n);  // guests numbered 3N.. (the warm-up's are 4N..)
            cpu = child.cpu();
            JsonNode sequential = child.sync();
            requireClean(sequential, "sequential cycle");
            double seqMs = sequential.path("durationMs").asDouble();
            int seqNew = requireNew(sequential, sample, "sequential cycle");
            add("aws_like.sequential.events_new", n, seqNew, "events");
            add("aws_like.sequential.duration", n, seqMs, "ms");
            add("aws_like.sequential.per_event", n, seqMs / seqNew, "ms/event");
            add("aws_like.sequential.throughput", n, seqNew / (seqMs / 1000.0), "events/s");
            cpuFigures("aws_like.sequential", n, child.cpu().minus(cpu), seqNew, seqMs);
            add("aws_like.speedup_over_sequential", n,
                    (awsNew / (awsMs / 1000.0)) / (seqNew / (seqMs / 1000.0)), "x");
            add("product.rss_peak.sequential_run", n, child.peakRssKiB() / 1024.0, "MiB");
            targets(n);
        } finally {
            child.stop();
        }
    }

    /** The targets against this N's figures, on stdout (a benchmark reports; it never fails on a figure). */
    private void targets(int n) {
        System.out.printf("%nN=%d against the targets:%n", n);
        // a no-op cycle: 1 calendar call and no write; one change: 1 record, 1 upload, 1 invalidation path
        exactly("noop.calls.calendar", n, 1);
        exactly("noop.dynamodb_writes", n, 0);
        exactly("noop.pages_uploaded", n, 0);
        exactly("noop.paths_invalidated", n, 0);
        for (String p : List.of("change", "aws_like.change")) {
            exactly(p + ".records_written", n, 1);
            exactly(p + ".pages_uploaded", n, 1);
            exactly(p + ".paths_invalidated", n, 1);
        }
        atMost("first.calls.dynamodb_per_new_event", n, 2.2);
        atLeast("aws_like.speedup_over_sequential", n, 10);
        atLeast("aws_like.ratio.pipeline_over_parallel_floor", n, 0.8);
        atMost("aws_like.change_to_verified.p50", n, 500);
        atMost("board.response_median", n, 500);
        atMost("product.startup_to_healthy", n, 10);
        atMost("product.rss_peak", n, 512);
    }

    private void atMost(String name, int n, double limit) {
        target(name + " <= " + format(limit), results.target(name, n, "<=", limit), format(value(name, n)));
    }

    private void atLeast(String name, int n, double limit) {
        target(name + " >= " + format(limit), results.target(name, n, ">=", limit), format(value(name, n)));
    }

    private void exactly(String name, int n, double expected) {
        target(name + " = " + format(expected), results.target(name, n, "=", expected), format(value(name, n)));
    }

    private static void target(String what, boolean met, String figure) {
        System.out.printf("  %-6s %-58s %s%n", met ? "met" : "MISSED", what, figure);
    }

    /** Crew changes, each triggered and awaited at the edge: the one-change figures and change-to-verified. */
    private void changes(String profile, int n, Child child, CalendarEvents calendar, List<CalendarEvents.Made> events,
                         int count) throws Exception {
        List<Double> latencies = new ArrayList<>();
        List<Double> changeCycles = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CalendarEvents.Made e = events.get((int) ((long) i * events.size() / count + events.size() / (2L * count)));
            String crew = CalendarEvents.NEW_CREW[i % CalendarEvents.NEW_CREW.length] + (profile.isEmpty() ? "" : " Aws");
            long t0 = System.nanoTime();
            calendar.patchDescription(e.calendarId(), e.withCrew(crew));
            JsonNode change = child.sync();
            awaitEdge(child, e.pageKey(), crew);
            latencies.add((System.nanoTime() - t0) / 1e6);
            changeCycles.add(change.path("durationMs").asDouble());
            requireClean(change, "crew change");
            if (i == 0) {
                figures(profile + "change", n, change);
            }
        }
        if (!latencies.isEmpty()) {
            add(profile + "change.duration_median", n, percentile(changeCycles, 50), "ms");
            add(profile + "change_to_verified.p50", n, percentile(latencies, 50), "ms");
            add(profile + "change_to_verified.p95", n, percentile(latencies, 95), "ms");
        }
    }

    /** One floor run from an empty bucket: {@code <profile>floor[_parallel].*}, with its ratio to the pipeline. */
    private void floor(String profile, int n, Child child, String name, int limit, int workers, double pipelinePerEvent)
            throws Exception {
        String kind = profile + (workers > 1 ? "floor_parallel" : "floor");
        long t = System.nanoTime();
        int cleared = Floor.clearBucket(child.ports, "\u0000");
        System.out.printf("N=%d: %d pages removed from the bucket before %s in %d ms%n", n, cleared, kind, ms(t));
        Cpu cpu = child.cpu();
        Floor.Timing floor = new Floor(child.ports, http, name, limit, workers).run();
        add(kind + ".events", n, floor.events(), "events");
        add(kind + ".concurrency", n, workers, "events at once");
        add(kind + ".duration", n, floor.millis(), "ms");
        add(kind + ".throughput", n, floor.events() / (floor.millis() / 1000.0), "events/s");
        add(kind + ".per_event", n, floor.millis() / floor.events(), "ms/event");
        cpuFigures(kind, n, child.cpu().minus(cpu), floor.events(), floor.millis());
        String ratio = workers > 1 ? "ratio.pipeline_over_parallel_floor" : "ratio.pipeline_throughput_over_floor";
        if (profile.isEmpty()) {
            add(ratio, n, (floor.millis() / floor.events()) / pipelinePerEvent, "x");
        }
        floor.calls().forEach((k, v) -> add(kind + ".calls." + k, n, v, "calls"));
        System.out.printf("N=%d: %s: %d events in %.0f ms (%d at once)%n", n, kind, floor.events(), floor.millis(), workers);
    }

    /** The status board (GET /) with the operator's credentials: median of 5, server time to the full HTML. */
    private void board(Child child, int n) throws Exception {
        List<Double> board = new ArrayList<>();
        long boardBytes = 0;
        for (int i = 0; i < 5; i++) {
            long b0 = System.nanoTime();
            HttpResponse<String> page = child.get("/");
            board.add((System.nanoTime() - b0) / 1e6);
            if (page.statusCode() != 200) {
                throw new IllegalStateException("status board answered " + page.statusCode());
            }
            boardBytes = page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        add("board.response_median", n, percentile(board, 50), "ms");
        add("board.html_size", n, boardBytes / 1024.0, "KiB");
    }

    /**
     * CPU time per event of each process over a measurement, from /proc: the product's JVM, the local cloud's JVM,
     * dynalite, and this JVM (the floors' clients), plus how many of the machine's cores were busy on average.
     */
    private void cpuFigures(String kind, int n, Cpu used, int events, double wallMs) {
        // cpu_per_event: the process doing the work, the product's for a cycle, this JVM's (and the idle product's) for a floor
        add(kind + ".cpu_per_event", n, (kind.contains("floor") ? used.product() + used.bench() : used.product()) / events,
                "cpu-ms/event");
        add(kind + ".cpu_per_event.product_jvm", n, used.product() / events, "cpu-ms/event");
        add(kind + ".local_cloud_cpu_per_event", n, (used.cloudJvm() + used.dynalite()) / events, "cpu-ms/event");
        add(kind + ".cpu_per_event.local_cloud_jvm", n, used.cloudJvm() / events, "cpu-ms/event");
        add(kind + ".cpu_per_event.dynalite", n, used.dynalite() / events, "cpu-ms/event");
        add(kind + ".cpu_per_event.bench_jvm", n, used.bench() / events, "cpu-ms/event");
        add(kind + ".cores_busy", n, used.total() / wallMs, "cores");
        // the whole machine, other builds included: near the core count, the machine was the limit
        add(kind + ".machine_cores_busy", n, used.machine() / wallMs, "cores");
    }

    private static int requireNew(JsonNode summary, int expected, String what) {
        int changed = summary.path("eventsChanged").asInt();
        if (changed != expected) {
            throw new IllegalStateException(what + ": " + changed + " events changed, expected " + expected + ": " + summary);
        }
        return changed;
    }

    private double value(String name, int n) {
        return results.value(name, n);
    }

    /** Ports are chosen free, but something else on the machine may take one before the child binds it. */
    private Child startChild(int n, List<String> extraArgs) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Child c = Child.start(launch, out.resolve("runtime-n" + n + ".log"), extraArgs);
            try {
                c.startup = c.awaitHealthy(Duration.ofMinutes(3));
                return c;
            } catch (IllegalStateException failed) {
                c.stop();
                if (attempt == 3) {
                    throw failed;
                }
                System.out.printf("N=%d: runtime did not start (%s); again on other ports%n", n, failed.getMessage());
            }
        }
    }

    /** CPU milliseconds used so far, per process (read from /proc/<pid>/stat). */
    record Cpu(double product, double cloudJvm, double dynalite, double bench, double machine) {
        Cpu minus(Cpu before) {
            return new Cpu(product - before.product, cloudJvm - before.cloudJvm, dynalite - before.dynalite,
                    bench - before.bench, machine - before.machine);
        }

        /** Busy CPU time of the whole machine so far, ms (/proc/stat: every state but idle and iowait). */
        static double machineNow() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    busy += (i == 4 || i == 5) ? 0 : Long.parseLong(f[i]);
                }
                return busy * 1000.0 / CLOCK_TICKS;
            } catch (IOException | RuntimeException unreadable) {
                return 0;
            }
        }

        double total() {
            return product + cloudJvm + dynalite + bench;
        }

        /** utime + stime of a process, ms (0 once it is gone). */
        static double of(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / CLOCK_TICKS;
            } catch (IOException | RuntimeException gone) {
                return 0;
            }
        }
    }

    /** USER_HZ of /proc/<pid>/stat: 100 on every Linux the benchmark runs on. */
    static final double CLOCK_TICKS = 100.0;

    /** The cycle's calls per service and the few counts the targets speak of. */
    private void figures(String kind, int n, JsonNode summary) {
        JsonNode calls = summary.path("calls");
        for (String s : SERVICES) {
            add(kind + ".calls." + s, n, calls.path(s).asDouble(0), "calls");
        }
        long writes = 0;
        for (Map.Entry<String, JsonNode> f : calls.properties()) {
            if (f.getKey().matches("dynamodb\\.(PutItem|UpdateItem|DeleteItem|BatchWriteItem)")) {
                writes += f.getValue().asLong();
            }
            if (f.getKey().contains(".")) {
                add(kind + ".calls." + f.getKey(), n, f.getValue().asDouble(), "calls");
            }
        }
        add(kind + ".dynamodb_writes", n, writes, "calls");
        add(kind + ".records_written", n, summary.path("recordsWritten").asDouble(), "records");
        add(kind + ".pages_uploaded", n, summary.path("pagesUploaded").asDouble(), "pages");
        add(kind + ".paths_invalidated", n, summary.path("pathsInvalidated").asDouble(), "paths");
        add(kind + ".pages_verified", n, summary.path("pagesVerified").asDouble(), "pages");
        add(kind + ".wall_duration", n, summary.path("durationMs").asDouble(), "ms");
    }

    /** The audit's cost: S3 listings (one per date folder), DynamoDB calls (batched reads), calendar pages, time. */
    private void audit(int n, JsonNode report) {
        JsonNode calls = report.path("calls");
        add("audit.calls.s3_list", n, calls.path("s3.ListObjectsV2").asDouble(0), "calls");
        add("audit.calls.dynamodb", n, calls.path("dynamodb").asDouble(0), "calls");
        add("audit.calls.calendar", n, calls.path("calendar").asDouble(0), "calls");
        add("audit.duration", n, report.path("durationMs").asDouble(), "ms");
        add("audit.events_checked", n, report.path("eventsChecked").asDouble(), "events");
        System.out.printf("N=%d: audit of %d events in %d ms: %s (drift: %d pages missing, %d different, %d records missing)%n",
                n, report.path("eventsChecked").asInt(), report.path("durationMs").asLong(), calls,
                report.path("pagesMissing").size(), report.path("pagesDifferent").size(), report.path("recordsMissing").size());
    }

    private static void requireClean(JsonNode summary, String what) {
        if (summary.path("deadLettered").asInt() > 0 || !summary.path("failures").isEmpty()) {
            throw new IllegalStateException(what + " did not run clean: " + summary);
        }
    }

    /** Polls the edge until it serves the page with the new crew member (normally at once: the cycle verified it). */
    private void awaitEdge(Child child, String pageKey, String text) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + child.port("edge") + "/" + pageKey);
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains(text)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the edge never served " + pageKey + " with " + text);
    }

    private void add(String name, int n, double value, String unit) {
        results.add(name, n, value, unit);
    }

    // ---- output --------------------------------------------------------------------------------

    void report(List<Integer> ns) throws IOException {
        System.out.print(results.table(ns));
        results.describeRun(Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage()
                + " at the end, Java " + System.getProperty("java.version") + ", pipeline concurrency " + concurrency
                + ", bench.changes=" + changes + ", bench.sequentialSample=" + sequentialSample);
        results.write();
        System.out.println("\nwritten: " + results.file());
    }

    private static String format(double v) {
        return Results.format(v);
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    static double ownCpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
    }

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    private static Path findJar() throws IOException {
        String given = System.getProperty("bench.jar");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath();
        }
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("charter-sync-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().map(Path::toAbsolutePath)
                    .orElseThrow(() -> new IllegalStateException("no target/charter-sync-*.jar: run mvn package first"));
        }
    }

    // ---- the runtime under test ----------------------------------------------------------------

    /** The packaged runtime as a child JVM on the embedded default, every port free, its own data directory. */
    static final class Child {
        Process process;
        final Process cloud;
        final Map<String, Integer> ports;
        final File log;
        long startedNanos;
        double startup;
        private final List<String> command;
        private final Path work;
        private final java.io.Writer cloudControl;
        private int latencyChanges;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private Child(Process process, Process cloud, Map<String, Integer> ports, File log, long startedNanos,
                      List<String> command, Path work) {
            this.process = process;
            this.cloud = cloud;
            this.ports = ports;
            this.log = log;
            this.startedNanos = startedNanos;
            this.command = command;
            this.work = work;
            this.cloudControl = new java.io.OutputStreamWriter(cloud.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
        }

        /** Sets the local cloud's delays (a line on its stdin) and waits until it says they are in force. */
        void latency(String settings) throws Exception {
            String id = Integer.toString(++latencyChanges);
            Path ack = work.resolve("data").resolve("latency.now");
            cloudControl.write("latency " + id + " " + settings + "\n");
            cloudControl.flush();
            Instant deadline = Instant.now().plusSeconds(30);
            while (!(Files.exists(ack) && Files.readString(ack).startsWith(id + " "))) {
                if (Instant.now().isAfter(deadline) || !cloud.isAlive()) {
                    throw new IllegalStateException("the local cloud did not take latency " + settings);
                }
                Thread.sleep(20);
            }
        }

        /** CPU used so far by the product, the local cloud's JVM, dynalite and this JVM. */
        Cpu cpu() {
            long dynalite = cloud.descendants().filter(h -> h.info().command().map(c -> c.endsWith("node")).orElse(false))
                    .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
            return new Cpu(Cpu.of(process.pid()), Cpu.of(cloud.pid()), dynalite < 0 ? 0 : Cpu.of(dynalite),
                    Cpu.of(ProcessHandle.current().pid()), Cpu.machineNow());
        }

        /** Another replica on the same local cloud: the product's command with a port and replica id of its own. */
        Process startReplica(int port, String id, Path replicaLog) throws IOException {
            List<String> cmd = new ArrayList<>(command);
            cmd.removeIf(c -> c.startsWith("--server.port=") || c.startsWith("--charter.cluster.replica-"));
            cmd.addAll(List.of("--server.port=" + port, "--charter.cluster.replica-id=" + id,
                    "--charter.cluster.replica-url=http://127.0.0.1:" + port + "/"));
            return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(replicaLog.toFile()).start();
        }

        /** Stops the product and starts it again on the same local cloud and ports, with {@code extraArgs} added. */
        double restartProduct(List<String> extraArgs) throws Exception {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            List<String> cmd = new ArrayList<>(command);
            // a setting given twice would reach Spring as "a,b": the new value replaces the old
            extraArgs.forEach(a -> cmd.removeIf(c -> c.startsWith(a.substring(0, a.indexOf('=') + 1))));
            cmd.addAll(extraArgs);
            File again = new File(log.getPath().replace(".log", "-again.log"));
            startedNanos = System.nanoTime();
            process = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(again).start();
            return awaitHealthy(Duration.ofMinutes(3));
        }

        static Child start(ProductLaunch launch, Path log, List<String> extraArgs) throws Exception {
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String s : List.of("server", "dynamodb", "s3", "calendar", "cloudfront", "edge", "lambda")) {
                ports.put(s, freePort());
            }
            Path work = Files.createTempDirectory("charter-sync-bench");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // The local cloud runs in a process of its own (test classpath); the product jar is pointed at it.
            Path data = work.resolve("data");
            Process cloud = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LocalCloudServer.class.getName(),
                    "--charter.local.dynamodb-port=" + ports.get("dynamodb"),
                    "--charter.local.s3-port=" + ports.get("s3"),
                    "--charter.local.calendar-port=" + ports.get("calendar"),
                    "--charter.local.cloudfront-port=" + ports.get("cloudfront"),
                    "--charter.local.edge-port=" + ports.get("edge"),
                    "--charter.local.lambda-port=" + ports.get("lambda"),
                    "--charter.local.data-dir=" + data,
                    "--charter.local.reset-on-start=true",
                    // relays in front of dynalite and S3Mock from the start: the benchmark switches latency on later
                    "--charter.local.latency-relays=true",
                    "--charter.local.dynalite-home=" + Path.of("src/test/dynalite").toAbsolutePath())
                    .directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.resolveSibling(log.getFileName().toString().replace("runtime", "localcloud")).toFile())
                    .start();
            Path productArgs = data.resolve("product.args");
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (!Files.exists(productArgs)) {
                if (!cloud.isAlive() || Instant.now().isAfter(deadline)) {
                    cloud.destroyForcibly();
                    throw new IllegalStateException("the local cloud did not start, see its log beside " + log);
                }
                sleepQuietly(100);
            }
            List<String> cmd = new ArrayList<>();
            launch.trainIfNeeded(Files.readAllLines(productArgs), work);
            cmd.add(java);
            cmd.addAll(launch.command());
            cmd.addAll(Files.readAllLines(productArgs));
            cmd.addAll(List.of(
                    "--server.port=" + ports.get("server"),
                    "--charter.sync.poll-enabled=false"));
            if (extraArgs.contains("--charter.calendar.push.enabled=true")) {
                // the webhook is the runtime itself, as on the embedded default
                cmd.add("--charter.calendar.push.public-base-url=http://127.0.0.1:" + ports.get("server"));
            }
            // a setting given twice would reach Spring as "a,b": the extra one replaces the default above
            extraArgs.forEach(a -> cmd.removeIf(c -> a.contains("=") && c.startsWith(a.substring(0, a.indexOf('=') + 1))));
            cmd.addAll(extraArgs);
            long t = System.nanoTime();
            Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            return new Child(p, cloud, ports, log.toFile(), t, cmd, work);
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int port(String name) {
            return ports.get(name);
        }

        /** Seconds from the process start to the readiness probe answering 200. */
        double awaitHealthy(Duration timeout) throws Exception {
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("runtime exited with " + process.exitValue() + ", see " + log);
                }
                if (Files.readString(log.toPath()).contains("Application run failed")) {
                    throw new IllegalStateException("runtime failed to start, see " + log);
                }
                try {
                    if (get("/actuator/health/readiness").statusCode() == 200) {
                        double ready = (System.nanoTime() - startedNanos) / 1e9;
                        // full cycles run on the leader: on a fresh lease table this runtime leads at once
                        while (!JSON.readTree(get("/api/leadership").body()).path("leads").asBoolean()) {
                            if (Instant.now().isAfter(deadline)) {
                                throw new IllegalStateException("runtime does not lead within " + timeout + ", see " + log);
                            }
                            Thread.sleep(50);
                        }
                        return ready;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("runtime not healthy within " + timeout + ", see " + log);
        }

        JsonNode post(String path) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        JsonNode sync() throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/sync")).timeout(Duration.ofMinutes(30))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST /api/sync answered " + r.statusCode() + ": " + r.body());
            }
            return JSON.readTree(r.body());
        }

        /**
         * Heap used right after a full GC: {@code jcmd <pid> GC.run} on the child (Jolokia refuses JVM-level
         * operations such as java.lang:type=Memory gc), then HeapMemoryUsage read through Jolokia.
         */
        long heapAfterGc() throws Exception {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "GC.run").redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + process.pid() + " GC.run failed: " + out);
            }
            JsonNode heap = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}");
            return heap.path("value").path("used").asLong();
        }

        private JsonNode jolokia(String request) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/actuator/jolokia"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(r.body());
            if (r.statusCode() != 200 || answer.path("status").asInt() != 200) {
                throw new IllegalStateException("Jolokia refused " + request + ": " + r.body());
            }
            return answer;
        }

        /** CPU time the product has used so far (every thread, user and system). */
        double cpuMillis() {
            return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e6;
        }

        /** CPU time the local cloud has used so far: its JVM and its children (dynalite). */
        double cloudCpuMillis() {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(cloud.toHandle()), cloud.descendants())
                    .mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum() / 1e6;
        }

        /** Peak resident set size of the child (VmHWM), KiB. */
        long peakRssKiB() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        void stop() throws InterruptedException {
            for (Process p : List.of(process, cloud)) {
                p.destroy();
                if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        }

        /** How many of the runtime's recent cycles (the last 50) the given trigger started. */
        int cyclesBy(String trigger) throws Exception {
            int n = 0;
            for (JsonNode c : JSON.readTree(get("/api/cycles").body())) {
                n += trigger.equals(c.path("trigger").asText()) ? 1 : 0;
            }
            return n;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + ports.get("server") + path);
        }

        static int freePort() {
            return com.jada.chartersync.SandboxPorts.freePort();
        }
    }

    // ---- the calendar ----------------------------------------------------------------------------

    /** Writes realistic charter events into the calendar sandbox, as an operator's calendar would hold them. */
    static final class CalendarEvents {

        static final String[] FIRST = {"Ava", "Noah", "Mia", "Liam", "Zoe", "Ethan", "Lena", "Mateo", "Ines", "Kai",
                "Priya", "Omar", "Sofia", "Jonas", "Hana", "Luca", "Chloe", "Arjun", "Freya", "Diego", "Maya", "Felix",
                "Amara", "Theo", "Nora", "Rafael", "Elif", "Ben", "Yuki", "Sami", "Ada", "Hugo", "Leila", "Marco",
                "Greta", "Tomas", "Aisha", "Oskar", "Clara", "Nikhil", "Rosa", "Emil", "Talia", "Finn", "Iris",
                "Pablo", "Vera", "Kenji", "Lucia", "Malik", "Esme", "Jakob", "Sana", "Milo", "Alma", "Rohan", "Ivy",
                "Anton", "Nadia", "Quinn"};
        static final String[] LAST = {"Garcia", "Nguyen", "Smith", "Okafor", "Rossi", "Kim", "Müller", "Silva",
                "Cohen", "Patel", "Johansson", "O'Brien", "Dubois", "Kowalski", "Tanaka", "Haddad", "Novak", "Moreau",
                "Fischer", "Costa", "Larsen", "Ahmed", "Bauer", "Santos", "Yilmaz", "Walsh", "Ivanova", "Lopez",
                "Schmidt", "Berg", "Russo", "Murphy", "Singh", "Chen", "Martin", "Ferreira", "Lindqvist", "Hughes",
                "Petrov", "Romero", "Nakamura", "Brennan", "Weber", "Vargas", "Eriksen", "Kaur", "Jensen", "Ortiz",
                "Park", "Mendes", "Wright", "Halvorsen", "Rahman", "Castillo", "Duarte", "Sato", "Keller", "Flores",
                "Byrne", "Horvat", "Adeyemi", "Marsh", "Quinlan", "Torres", "Abbott", "Reyes", "Lund", "Stone",
                "Varga", "Hale", "Moss", "Pryce", "Vance", "Wolfe", "Young", "Zhou", "Baker", "Cruz", "Dale", "Ellis"};
        static final String[] TYPES = {"whale-watching", "private-sail", "sunset-sail", "harbor-cruise", "fishing"};
        static final String[] CAPTAINS = {"Sarah", "Gene", "Marcus", "Ruth", "Tomasz"};
        static final String[] CREW = {"Angelia", "Darrell", "Marcus", "Gene", "Ivy", "Kofi", "Lars", "Mirela"};
        static final String[] NEW_CREW = {"Bartholomew", "Cordelia", "Desmond", "Evangeline", "Fitzgerald", "Gwendolyn",
                "Horatio", "Isadora", "Jebediah", "Katarina", "Leopold", "Marguerite", "Nathaniel", "Ottoline",
                "Percival", "Rosalind", "Sebastian", "Theodora", "Ulysses", "Wilhelmina"};
        static final String[] NOTES = {"Bring sunscreen and a warm layer.", "Celebrating an anniversary; champagne on board.",
                "One guest uses a wheelchair: ramp at dock B.", "Vegetarian lunch for the whole party.",
                "Parking validated at the harbor office.", "Guests are first-time sailors."};
        static final String DAY0 = "2026-05-28";
        static final int DAYS = 20;

        record Made(String calendarId, String date, String pageKey, String description) {
            String withCrew(String crew) {
                return description.replaceAll("(?m)^Crew: .*$", "Crew: " + crew);
            }
        }

        private final HttpClient http;
        private final String base;
        private final String tokenUrl;
        private String accessToken;
        private long tokenAt;

        CalendarEvents(HttpClient http, int port) {
            this.http = http;
            this.base = "http://127.0.0.1:" + port + "/calendar/v3/calendars/jada-internal/events";
            this.tokenUrl = "http://127.0.0.1:" + port + "/token";
        }

        /** The sandbox answers only with an access token (the local cloud's refresh token gets one; renewed each minute). */
        private HttpRequest.Builder authorized(URI uri) throws Exception {
            if (accessToken == null || System.nanoTime() - tokenAt > 60_000_000_000L) {
                accessToken = com.jada.chartersync.sync.SandboxClient.accessToken(tokenUrl,
                        com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_ID,
                        com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_CLIENT_SECRET,
                        com.jada.chartersync.localcloud.calendar.CalendarSandbox.LOCAL_REFRESH_TOKEN);
                tokenAt = System.nanoTime();
            }
            return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + accessToken);
        }

        /** N events spread over the local window's 20 days (2026-05-28..06-16), 08:00-15:30 local, unique guests. */
        List<Made> generate(int n) throws Exception {
            return generate(n, 0);
        }

        /** As {@link #generate(int)}, with guests numbered from {@code first} (so a second batch is all new). */
        List<Made> generate(int n, int first) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Made>> made = new ArrayList<>();
                for (int i = first; i < first + n; i++) {
                    int k = i;
                    made.add(pool.submit(() -> insert(k)));
                }
                List<Made> out = new ArrayList<>();
                for (Future<Made> f : made) {
                    out.add(f.get());
                }
                return out;
            } finally {
                pool.shutdown();
            }
        }

        private Made insert(int i) throws Exception {
            String guest = FIRST[i % FIRST.length] + " " + LAST[(i / FIRST.length) % LAST.length]
                    + (i >= FIRST.length * LAST.length ? " " + (i / (FIRST.length * LAST.length) + 1) : "");
            String date = java.time.LocalDate.parse(DAY0).plusDays(i % DAYS).toString();
            int slot = (i / DAYS) % 16;
            String start = String.format(Locale.ROOT, "%sT%02d:%02d:00-07:00", date, 8 + slot / 2, (slot % 2) * 30);
            String end = String.format(Locale.ROOT, "%sT%02d:%02d:00-07:00", date, 11 + slot / 2, (slot % 2) * 30);
            String type = TYPES[i % TYPES.length];
            StringBuilder d = new StringBuilder();
            d.append("Guest: ").append(guest).append('\n');
            d.append("Type: ").append(type).append('\n');
            if (i % 4 == 3) {
                d.append("Arrival: ").append(1 + slot / 2).append("-").append(4 + slot / 2).append(" PM\n");
            } else {
                d.append(String.format(Locale.ROOT, "Arrive by: %02d:%02d%n", 7 + slot / 2, 30 + (slot % 2) * 15));
            }
            d.append("Captain: ").append(CAPTAINS[i % CAPTAINS.length]).append('\n');
            d.append("Crew: ").append(CREW[i % CREW.length]).append(i % 3 == 0 ? ", " + CREW[(i + 3) % CREW.length] : "")
                    .append('\n');
            int party = 2 + i % 11;
            d.append("Party size: ").append(party).append('\n');
            if (i % 5 == 0) {
                d.append("Minors: ").append(FIRST[(i + 7) % FIRST.length]).append(" (").append(6 + i % 11).append(")\n");
            }
            d.append(NOTES[i % NOTES.length]);
            ObjectNode event = JSON.createObjectNode();
            event.put("summary", guest + " – " + type.replace('-', ' '));
            event.put("description", d.toString());
            event.putObject("start").put("dateTime", start).put("timeZone", "America/Los_Angeles");
            event.putObject("end").put("dateTime", end).put("timeZone", "America/Los_Angeles");
            HttpResponse<String> r = http.send(authorized(URI.create(base))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(event))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("insert failed: " + r.statusCode() + " " + r.body());
            }
            String slug = com.jada.chartersync.charter.Slugs.slug(guest);
            return new Made(JSON.readTree(r.body()).get("id").asText(), date, date + "/" + slug + "-guest.html", d.toString());
        }

        void patchDescription(String id, String description) throws Exception {
            ObjectNode patch = JSON.createObjectNode().put("description", description);
            HttpResponse<String> r = http.send(authorized(URI.create(base + "/" + id))
                    .header("Content-Type", "application/json").header("X-HTTP-Method-Override", "PATCH")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(patch))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("patch failed: " + r.statusCode() + " " + r.body());
            }
        }

        /** The one event whose text matches {@code q} (the sandbox's free-text search, as Google's). */
        JsonNode find(String q) throws Exception {
            HttpResponse<String> r = http.send(authorized(URI.create(base + "?q=" + q)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode items = JSON.readTree(r.body()).path("items");
            if (r.statusCode() != 200 || items.size() != 1) {
                throw new IOException("expected one event for q=" + q + ": " + r.statusCode() + " " + r.body());
            }
            return items.get(0);
        }

        void delete(String id) throws Exception {
            int status = http.send(authorized(URI.create(base + "/" + id)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 204) {
                throw new IOException("delete failed: " + status);
            }
        }
    }
}
