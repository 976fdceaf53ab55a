package dev.brew.benchmarks;

import dev.brew.stack.Machine;
import dev.brew.benchmarks.load.OrderLoadSimulation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs {@link OrderLoadSimulation} at rising arrival rates, each in its own Gatling JVM, and stops at the first rate
 * that is not held. Each step is judged twice:
 * <ul>
 *   <li><b>sustained</b> (the target's rule): every request succeeded, Gatling sent what the rate asks for, and the
 *   p99 of all requests is at most {@link #P99_LIMIT_MS} ms;</li>
 *   <li><b>held</b> (throughput, for the ratio to the bare pipeline): every request succeeded, the rate was kept, and
 *   the p99 stayed under {@link #HELD_P99_LIMIT_MS} ms, i.e. requests did not pile up in queues. On two shared
 *   cores even the bare pipeline misses 50 ms at low rates (JIT, GC, the load generator itself), so the 50 ms rule
 *   alone would leave no rate to compare.</li>
 * </ul>
 */
final class LoadLadder {

    static final int P99_LIMIT_MS = 50;
    static final int HELD_P99_LIMIT_MS = 1000;
    /** How often the consumers' lag is read during a step: as often as the services sample it. */
    static final int LAG_SAMPLE_SECONDS = 5;
    /** The load generator's own process (Gatling, a child of the harness): measured, but not Brew. */
    static final String GENERATOR = "load generator";

    /**
     * One rate's figures; times in ms, as Gatling reports them. {@code jitMsPerOrder} is the part of the measured
     * processes' CPU per order that their JIT compiler threads used (counted in {@code cpuMsPerOrder} too): high while
     * the stack still compiles, that is, while the step is not yet warm.
     */
    record Step(int rate, int seconds, long requests, long failed, long p50, long p95, long p99, long max,
                double requestsPerSecond, double loadBefore, double loadAfter, Map<String, Long> residentMiB,
                String report, long drainSeconds, Map<String, Double> cpuMsPerOrder, String why,
                Map<String, Long> peakLag, double jitMsPerOrder) {

        /** Cores each process kept busy on average over the step (its CPU per order times the orders per second). */
        Map<String, Double> cores() {
            Map<String, Double> cores = new LinkedHashMap<>();
            double ordersPerSecond = requestsPerSecond / 2;
            cpuMsPerOrder.forEach((part, ms) -> cores.put(part, ms * ordersPerSecond / 1000));
            return cores;
        }

        /** Cores the measured processes' JIT compilers kept busy on average over the step (as {@link #cores()}). */
        double jitCores() {
            return jitMsPerOrder * requestsPerSecond / 2 / 1000;
        }

        /** The same figures, with why the step was not held. */
        Step withWhy(String why) {
            return new Step(rate, seconds, requests, failed, p50, p95, p99, max, requestsPerSecond, loadBefore,
                    loadAfter, residentMiB, report, drainSeconds, cpuMsPerOrder, why, peakLag, jitMsPerOrder);
        }

        /** All processes' CPU per completed order, the generator included. */
        double cpuMsPerOrderTotal() {
            return cpuMsPerOrder.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Brew's own CPU per completed order: every process but the load generator (what the 43.6 ms counted). */
        double cpuMsPerOrderBrew() {
            return cpuMsPerOrderTotal() - cpuMsPerOrder.getOrDefault(GENERATOR, 0.0);
        }

        boolean sustained() {
            return held() && p99 <= P99_LIMIT_MS;
        }

        boolean held() {
            return failed == 0 && p99 <= HELD_P99_LIMIT_MS && requests >= 0.97 * 2L * rate * seconds;
        }
    }

    private final String url;
    private final Path tokens;
    private final String ordersPath;
    private final Path results;
    private final String classPath;
    private final Supplier<Map<String, Long>> pids;
    private final Supplier<Map<String, Long>> lags;

    /**
     * @param pids the processes whose CPU is counted, by name
     * @param lags each Kafka consumer's lag now, in records (sampled during a step; its peak is reported)
     */
    LoadLadder(String url, Path tokens, String ordersPath, Path results, Supplier<Map<String, Long>> pids,
               Supplier<Map<String, Long>> lags) {
        this.url = url;
        this.tokens = tokens;
        this.ordersPath = ordersPath;
        this.results = results;
        this.classPath = System.getProperty("java.class.path");
        this.pids = pids;
        this.lags = lags;
    }

    /** The JIT compilers of the measured processes together below this many cores: the stack is warm. */
    static final double COMPILED_CORES = 0.1;
    static final int WARM_ROUND_SECONDS = 60;

    /**
     * Runs the steps' own requests (placed and completed, through the same endpoints) at {@code rate} in rounds of
     * {@value #WARM_ROUND_SECONDS} s, not reported, while the measured JVMs' JIT compilers together still use
     * {@value #COMPILED_CORES} cores or more, for at most {@code most} seconds: on two cores the JIT's second tier
     * compiles for minutes after a start, and a step measured meanwhile counts a start's cost as the orders'
     * (docs/benchmarks.md entry 20; the harness's first warm-up, orders placed and watched on a screen but not
     * completed, left the completion's code to be compiled during the first step).
     */
    void warm(int rate, int most) throws Exception {
        for (int warmed = 0; warmed < most; ) {
            Step round = run(rate, WARM_ROUND_SECONDS, 0, "warm-rate-" + rate);
            warmed += WARM_ROUND_SECONDS;
            double compiling = round.jitCores();
            System.out.printf("[benchmark] warming at %d orders/s (%d s in all): %d of %d requests failed, JIT"
                    + " compilers %.2f cores%n", rate, warmed, round.failed(), round.requests(), compiling);
            if (compiling < COMPILED_CORES) {
                return;
            }
        }
    }

    /**
     * Climbs the rates until one is not held. {@code drained} is asked between steps, so that one step's backlog does
     * not load the next.
     */
    List<Step> climb(List<Integer> rates, int seconds, BooleanSupplier drained) throws Exception {
        List<Step> steps = new ArrayList<>();
        for (int rate : rates) {
            long drainStart = System.nanoTime();
            long drainDeadline = drainStart + TimeUnit.SECONDS.toNanos(180);
            while (!drained.getAsBoolean() && System.nanoTime() < drainDeadline) {
                TimeUnit.SECONDS.sleep(1);
            }
            long drainSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - drainStart);
            Step step = run(rate, seconds, drainSeconds);
            steps.add(step);
            System.out.printf("[benchmark] %s %d orders/s: %d requests, %d failed, p50 %d ms, p99 %d ms, max %d ms"
                            + " (load %.2f) %s; CPU ms/order %.1f (Brew %.1f; JIT compilers %.1f) %s%s%n", ordersPath,
                    rate, step.requests(), step.failed(), step.p50(), step.p99(), step.max(), step.loadBefore(),
                    step.sustained() ? "sustained" : step.held() ? "held (p99 over 50 ms)" : "NOT held",
                    step.cpuMsPerOrderTotal(), step.cpuMsPerOrderBrew(), step.jitMsPerOrder(),
                    cpuText(step.cpuMsPerOrder()),
                    step.why().isEmpty() ? "" : "; why: " + step.why());
            if (!step.held()) {
                break;
            }
        }
        return steps;
    }

    Step run(int rate, int seconds, long drainSeconds) throws Exception {
        return run(rate, seconds, drainSeconds, "rate-" + rate);
    }

    private Step run(int rate, int seconds, long drainSeconds, String name) throws Exception {
        double loadBefore = Machine.loadAverage();
        Path folder = results.resolve(name);
        Files.createDirectories(folder);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx1g", "-XX:+UseParallelGC", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dbrew.url=" + url, "-Dbrew.rate=" + rate, "-Dbrew.duration=" + seconds,
                "-Dbrew.tokens=" + (tokens == null ? "" : tokens.toString()), "-Dbrew.ordersPath=" + ordersPath,
                "-cp", classPath, "io.gatling.app.Gatling",
                "-s", OrderLoadSimulation.class.getName(), "-rf", folder.toString(),
                "-rd", ordersPath + " at " + rate + " orders/s");
        Map<String, Long> peak = new ConcurrentHashMap<>();
        Map<String, Long> peakLag = new ConcurrentHashMap<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> pids.get().forEach((part, pid) ->
                peak.merge(part, Machine.residentMiB(pid), Math::max)), 5, 3, TimeUnit.SECONDS);
        // Each scrape of a service's Prometheus page costs it CPU (every meter rendered); the lag gauge moves only
        // every 5 s (brew.metrics.kafka-consumer-lag.interval), so a scrape a second measured the harness (about a
        // tenth of query-service's CPU at 30 orders/s, docs/benchmarks.md entry 13), not Brew.
        sampler.scheduleAtFixedRate(() -> lags.get().forEach((consumer, lag) ->
                peakLag.merge(consumer, lag, Math::max)), LAG_SAMPLE_SECONDS, LAG_SAMPLE_SECONDS, TimeUnit.SECONDS);
        Map<String, Long> measured = pids.get();
        Map<String, Long> cpuBefore = cpu(measured);
        long jitBefore = jit(measured);
        long generatorBefore = Machine.reapedChildrenCpuMillis();
        long machineBefore = Machine.machineBusyMillis();
        long begin = System.nanoTime();
        Process gatling = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("gatling.out").toFile()).start();
        int exit = gatling.waitFor();
        double wallSeconds = (System.nanoTime() - begin) / 1e9;
        long machineBusy = Machine.machineBusyMillis() - machineBefore;
        Map<String, Long> cpuUsed = new LinkedHashMap<>();
        cpu(measured).forEach((part, ms) -> cpuUsed.put(part, ms - cpuBefore.getOrDefault(part, 0L)));
        long jitUsed = jit(measured) - jitBefore;
        // waitFor reaped Gatling, so its CPU is now in this JVM's children's times.
        cpuUsed.put(GENERATOR, Machine.reapedChildrenCpuMillis() - generatorBefore);
        sampler.shutdownNow();
        double loadAfter = Machine.loadAverage();
        Path report = newestReport(folder);
        if (report == null) {
            throw new IllegalStateException("Gatling wrote no report (exit " + exit + "); see "
                    + folder.resolve("gatling.out"));
        }
        Map<String, double[]> stats = globalStats(folder.resolve("gatling.out"));
        // Each order is two requests (placed, completed); count the orders whose requests succeeded.
        double orders = Math.max(1, stats.get("request count")[1] / 2);
        Map<String, Double> perOrder = new LinkedHashMap<>();
        cpuUsed.forEach((part, ms) -> perOrder.put(part, ms / orders));
        Step step = new Step(rate, seconds, (long) stats.get("request count")[0],
                (long) stats.get("request count")[2],
                (long) stats.get("response time 50th percentile (ms)")[0],
                (long) stats.get("response time 95th percentile (ms)")[0],
                (long) stats.get("response time 99th percentile (ms)")[0],
                (long) stats.get("max response time (ms)")[0], stats.get("mean throughput (rps)")[0], loadBefore,
                loadAfter, Map.copyOf(peak), report.toString(), drainSeconds, perOrder, "", Map.copyOf(peakLag),
                jitUsed / orders);
        if (step.held()) {
            return step;
        }
        return step.withWhy(why(step, errors(folder.resolve("gatling.out")), cpuUsed, machineBusy, wallSeconds));
    }

    /** What the JVMs' JIT compiler threads used so far, summed, in ms. */
    static long jit(Map<String, Long> pids) {
        return pids.values().stream().mapToLong(Machine::compilerCpuMillis).sum();
    }

    private static Map<String, Long> cpu(Map<String, Long> pids) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        pids.forEach((part, pid) -> cpu.put(part, Machine.cpuMillis(pid)));
        return cpu;
    }

    /**
     * Why a step was not held: the errors Gatling counted (status codes), too few requests sent, or a p99 over the
     * limit; and which processes were busiest (cores used over the step), so a saturated one shows.
     */
    static String why(Step step, List<String> errors, Map<String, Long> cpuUsed, long machineBusy,
                      double wallSeconds) {
        List<String> reasons = new ArrayList<>();
        if (step.failed() > 0) {
            reasons.add(step.failed() + " failed: " + (errors.isEmpty() ? "see gatling.out" : String.join("; ", errors)));
        }
        if (step.requests() < 0.97 * 2L * step.rate() * step.seconds()) {
            reasons.add(String.format(Locale.ROOT, "only %d of %d requests sent", step.requests(),
                    2L * step.rate() * step.seconds()));
        }
        if (step.p99() > HELD_P99_LIMIT_MS) {
            reasons.add("p99 " + step.p99() + " ms > " + HELD_P99_LIMIT_MS + " ms");
        }
        long total = cpuUsed.values().stream().mapToLong(Long::longValue).sum();
        int cores = Runtime.getRuntime().availableProcessors();
        String busiest = cpuUsed.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(3).map(e -> String.format(Locale.ROOT, "%s %.2f cores", e.getKey(),
                        e.getValue() / 1000.0 / wallSeconds))
                .collect(Collectors.joining(", "));
        double used = total / 1000.0 / wallSeconds;
        double machine = machineBusy / 1000.0 / wallSeconds;
        reasons.add(String.format(Locale.ROOT, "%s: %.2f of %d cores busy, %.2f of them by the measured processes"
                        + " (%s)", machine >= 0.9 * cores ? "machine saturated" : "machine not saturated", machine,
                cores, used, busiest));
        return String.join("; ", reasons);
    }

    /** The "Errors" section Gatling prints: one line per kind of failure, with its count. */
    static List<String> errors(Path console) throws IOException {
        List<String> lines = Files.readAllLines(console);
        List<String> errors = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.startsWith("---- Errors")) {
                in = true;
                errors.clear();
            } else if (in && line.startsWith("> ")) {
                errors.add(line.substring(2).replaceAll("\\s{2,}", " ").trim());
            } else if (in) {
                in = false;
            }
        }
        return errors;
    }

    static String cpuText(Map<String, Double> perOrder) {
        return perOrder.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The "Global Information" table Gatling prints at the end of a run: each line's total, OK and KO columns. (Its
     * HTML report keeps the same figures only inside a JavaScript file.)
     */
    static Map<String, double[]> globalStats(Path console) throws IOException {
        List<String> lines = Files.readAllLines(console);
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("---- Global Information")) {
                start = i;
            }
        }
        if (start < 0) {
            throw new IllegalStateException("no Global Information in " + console);
        }
        Map<String, double[]> stats = new java.util.HashMap<>();
        for (int i = start + 1; i < lines.size() && lines.get(i).startsWith("> "); i++) {
            String[] cells = lines.get(i).substring(2).split("\\|");
            double[] values = new double[3];
            for (int c = 1; c < cells.length && c <= 3; c++) {
                String cell = cells[c].trim().replace(",", "");
                values[c - 1] = cell.isEmpty() || cell.equals("-") ? 0 : Double.parseDouble(cell);
            }
            stats.put(cells[0].trim(), values);
        }
        return stats;
    }

    private static Path newestReport(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(p -> Files.exists(p.resolve("index.html")))
                    .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        }
    }
}
