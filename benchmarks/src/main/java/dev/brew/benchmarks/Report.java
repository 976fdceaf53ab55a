package dev.brew.benchmarks;

import dev.brew.stack.Machine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a run into docs/benchmarks.md: the "Latest run" section is replaced, a row is added to the runs table, and
 * everything else in the file (the hand-written tuning notes) is kept.
 */
final class Report {

    static final String LATEST_START = "<!-- latest-run:start -->";
    static final String LATEST_END = "<!-- latest-run:end -->";
    static final String RUNS_END = "<!-- runs:end -->";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Report() {
    }

    static void write(Path file, BenchmarkRun.Figures figures) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : template();
        text = replaceLatest(text, latest(figures));
        text = addRun(text, runRow(figures));
        Files.writeString(file, text);
    }

    static String replaceLatest(String text, String latest) {
        int start = text.indexOf(LATEST_START);
        int end = text.indexOf(LATEST_END);
        if (start < 0 || end < start) {
            return text + "\n" + LATEST_START + "\n" + latest + LATEST_END + "\n";
        }
        return text.substring(0, start + LATEST_START.length()) + "\n" + latest + text.substring(end);
    }

    static String addRun(String text, String row) {
        int end = text.indexOf(RUNS_END);
        if (end < 0) {
            return text + "\n" + row + "\n" + RUNS_END + "\n";
        }
        return text.substring(0, end) + row + "\n" + text.substring(end);
    }

    static String template() {
        return """
                # Benchmarks

                Measured by `./benchmark` (module `benchmarks`); see the README's "Benchmarks" section for what each
                step does. The section below is rewritten by every run; the table after it keeps one row per run.

                """ + LATEST_START + "\n" + LATEST_END + """


                ## Runs

                | when | what changed | load avg at start | sustained orders/s (p99) | order → screen p99 | publisher events/s | bare pipeline orders/s | Brew / bare | replay events/s (of events) | start-up | memory at rest / under load |
                |---|---|---|---|---|---|---|---|---|---|---|
                """ + RUNS_END + "\n";
    }

    static String latest(BenchmarkRun.Figures f) {
        StringBuilder md = new StringBuilder();
        Settings s = f.settings();
        md.append("## Latest run: ").append(WHEN.format(f.at())).append("\n\n");
        if (!s.label().isBlank()) {
            md.append("What changed: ").append(s.label()).append("\n\n");
        }
        md.append(String.format(Locale.ROOT, "Machine: %d cores, %.1f GiB, %s, %s. Load average (1 min) at start: %.2f."
                        + " Command: `%s` (rates %s orders/s, %d s each, after a warm-up at %d orders/s: %d s, then"
                        + " rounds until the JIT settles, at most %d s; probe %d orders/s for %d s; replay %,d events;"
                        + " %d members).%n%n", f.machine().cores(), f.machine().memoryMiB() / 1024.0, f.machine().jdk(),
                f.machine().os(), f.loadAtStart(), f.command(), s.rates(), s.stepSeconds(), s.warmupRate(),
                s.warmupSeconds(), s.warmupMaxSeconds(), s.probeRate(), s.probeSeconds(), s.replayEvents(),
                s.members()));

        md.append("| what | target | measured | load average |\n|---|---|---|---|\n");
        Optional<LoadLadder.Step> best = best(f.brew());
        Optional<LoadLadder.Step> bestBare = best(f.baseline());
        md.append("| orders through the gateway (each order placed and completed: 2 requests) | ≥ 1,500 orders/s for 60 s,"
                + " p99 ≤ 50 ms, 0 errors | ").append(sustained(f.brew(), s)).append(" | ")
                .append(best.map(b -> load(b.loadBefore(), b.loadAfter())).orElse("")).append(" |\n");
        if (f.probe() != null) {
            OrderToScreenProbe.Result p = f.probe();
            md.append(String.format(Locale.ROOT, "| order placed → on the barista's stream, %d orders/s for %d s |"
                            + " p99 ≤ 250 ms at 200/s | p50 %s, p99 %s, max %s (%,d of %,d seen, %d failed posts) | %s |%n",
                    p.rate(), p.seconds(), ms(p.screen(), 50), ms(p.screen(), 99), ms(p.screen().getMaxValue()),
                    p.seen(), p.placed(), p.failed(), load(p.loadBefore(), p.loadAfter())));
        }
        if (f.publisher() != null) {
            PublisherDrain.Result p = f.publisher();
            md.append(String.format(Locale.ROOT, "| publication, event store → Kafka (backlog of %,d orders stored while"
                            + " Kafka was down) | (none; the stock publisher's ~500/s limits the two above) | %,.0f events/s"
                            + " (%,d events in %.1f s) | %s |%n", p.orders(), p.eventsPerSecond(), p.backlog(), p.seconds(),
                    load(p.loadBefore(), p.loadAfter())));
        }
        md.append("| Brew / bare pipeline, same run | ≥ 50% | ").append(ratio(f)).append(" | ")
                .append(bestBare.map(b -> load(b.loadBefore(), b.loadAfter())).orElse("")).append(" |\n");
        if (f.replay() != null) {
            ReplayBenchmark.Result r = f.replay();
            md.append(String.format(Locale.ROOT, "| replay into fresh views | ≥ 20,000 events/s of 1,000,000 |"
                            + " %,.0f events/s (%,d events, %s in %.1f s); queries meanwhile: %,d answered, p50 %s, p99 %s,"
                            + " max %s, %d failed | %s |%n", r.replayRate(), r.replayed(), r.state(), r.replaySeconds(),
                    r.queries(), ms(r.queryLatency(), 50), ms(r.queryLatency(), 99), ms(r.queryLatency().getMaxValue()),
                    r.queryFailures(), load(r.loadBefore(), r.loadAfter())));
        }
        if (f.startup() != null) {
            md.append(String.format(Locale.ROOT, "| whole local stack, start to all healthy (second launch of the build: class-data archives recorded, data folder of the first) | ≤ 30 s |"
                    + " %.1f s | %s |%n", f.startup().total(), load(f.startup().loadBefore(), f.startup().loadAfter())));
        }
        Map<String, Long> underLoad = peak(f.brew());
        md.append(String.format(Locale.ROOT, "| resident memory, all processes | ≤ 3 GiB | %.2f GiB at rest, %s under"
                + " load (peak) | |%n%n", sum(f.restingMiB()) / 1024.0, gib(underLoad)));

        steps(md, "Load steps: Brew through the gateway", f.brew(), true);
        steps(md, "Load steps: the bare pipeline (same servers, Brew's services stopped)", f.baseline(), false);

        if (f.replay() != null) {
            ReplayBenchmark.Result r = f.replay();
            md.append(String.format(Locale.ROOT, "### Replay%n%n%,d events (%,d orders placed and completed) written"
                            + " to `brew.order-events` in %.1f s; the live view held them all after %.1f s (%,.0f events/s"
                            + " live, order-status projection). The replay rebuilt a fresh view from all %,d records on the"
                            + " topic (including the load steps' orders) in %.1f s.%n%n", r.generated(), r.generated() / 2,
                    r.produceSeconds(), r.liveSeconds(), r.generated() / Math.max(r.liveSeconds(), 0.001), r.replayed(),
                    r.replaySeconds()));
            md.append(String.format(Locale.ROOT, "Then nothing for 60 s (from 15 s after the replay ended; load average"
                    + " %.2f at its end): cores busy, by process: %s.%n%n", r.idleLoad(), r.idleCores().entrySet()
                    .stream().map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "))));
        }
        if (f.startup() != null) {
            md.append("### Start-up and memory\n\n| part | ready after (s) | resident at rest (MiB) | resident under load,"
                    + " peak (MiB) |\n|---|---|---|---|\n");
            Map<String, Long> resting = f.restingMiB();
            Map<String, Double> parts = f.startup().parts();
            for (String part : parts.keySet()) {
                md.append(String.format(Locale.ROOT, "| %s | %.1f | %d | %d |%n", part, parts.get(part),
                        resting.getOrDefault(part, 0L), underLoad.getOrDefault(part, 0L)));
            }
            md.append("\nThe three servers start side by side, then the four Java services side by side; \"ready"
                    + " after\" is each part's own time.\n\n");
        }
        md.append("Gatling's HTML reports of this run: `benchmarks/target/bench/gatling/` (not kept in git).\n\n");
        return md.toString();
    }

    private static void steps(StringBuilder md, String title, List<LoadLadder.Step> steps, boolean brew) {
        if (steps.isEmpty()) {
            return;
        }
        md.append("### ").append(title).append("\n\n| orders/s | requests | failed | p50 | p95 | p99 | max | requests/s |"
                + " load avg before → after |").append(brew ? " publisher drain before |" : "")
                .append(" CPU ms/order, all | sustained | held |\n|---|---|---|---|---|---|---|---|---|")
                .append(brew ? "---|" : "").append("---|---|---|\n");
        for (LoadLadder.Step step : steps) {
            md.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %d ms | %d ms | %d ms | %d ms | %.0f | %s |%s %.1f | %s | %s |%n",
                    step.rate(), step.requests(), step.failed(), step.p50(), step.p95(), step.p99(), step.max(),
                    step.requestsPerSecond(), load(step.loadBefore(), step.loadAfter()),
                    brew ? " " + step.drainSeconds() + " s |" : "", step.cpuMsPerOrderTotal(),
                    step.sustained() ? "yes" : "no", step.held() ? "yes" : "no"));
        }
        md.append('\n');
        cpu(md, steps);
        signals(md, steps);
        for (LoadLadder.Step step : steps) {
            if (!step.why().isEmpty()) {
                md.append("Not held at ").append(step.rate()).append(" orders/s: ").append(step.why()).append("\n\n");
            }
        }
    }

    /** CPU ms per completed order of every process at each step (from /proc/pid/stat), the load generator included. */
    static void cpu(StringBuilder md, List<LoadLadder.Step> steps) {
        java.util.Set<String> parts = new java.util.LinkedHashSet<>();
        steps.forEach(step -> parts.addAll(step.cpuMsPerOrder().keySet()));
        if (parts.isEmpty()) {
            return;
        }
        md.append("CPU ms per completed order, by process (utime + stime from /proc):\n\n| orders/s |");
        parts.forEach(part -> md.append(' ').append(part).append(" |"));
        md.append(" all but the generator | all | of it, JIT compilers |\n|---|");
        parts.forEach(part -> md.append("---|"));
        md.append("---|---|---|\n");
        for (LoadLadder.Step step : steps) {
            md.append("| ").append(step.rate()).append(" |");
            parts.forEach(part -> md.append(String.format(Locale.ROOT, " %.1f |",
                    step.cpuMsPerOrder().getOrDefault(part, 0.0))));
            md.append(String.format(Locale.ROOT, " %.1f | %.1f | %.1f |%n", step.cpuMsPerOrderBrew(),
                    step.cpuMsPerOrderTotal(), step.jitMsPerOrder()));
        }
        md.append('\n');
    }

    /**
     * The signals an autoscaler could follow, side by side at each step (ADR 0314): the cores each service kept busy,
     * the p99 through the gateway, and each Kafka consumer's peak lag. The one that rises first as the rate nears
     * the limit is the one to scale on.
     */
    static void signals(StringBuilder md, List<LoadLadder.Step> steps) {
        java.util.Set<String> consumers = new java.util.TreeSet<>();
        steps.forEach(step -> consumers.addAll(step.peakLag().keySet()));
        if (consumers.isEmpty()) {
            return;
        }
        List<String> services = List.of("command-service", "query-service", "member-service", "loyalty-service",
                "api-gateway");
        md.append("Autoscaling signals at each step (cores busy on average; Kafka consumer lag, peak records):\n\n"
                + "| orders/s | p99 |");
        services.forEach(service -> md.append(' ').append(service).append(" cores |"));
        consumers.forEach(consumer -> md.append(' ').append(consumer).append(" lag |"));
        md.append("\n|---|---|").append("---|".repeat(services.size() + consumers.size())).append('\n');
        for (LoadLadder.Step step : steps) {
            md.append(String.format(Locale.ROOT, "| %d | %d ms |", step.rate(), step.p99()));
            Map<String, Double> cores = step.cores();
            services.forEach(service -> md.append(String.format(Locale.ROOT, " %.2f |",
                    cores.getOrDefault(service, 0.0))));
            consumers.forEach(consumer -> md.append(String.format(Locale.ROOT, " %,d |",
                    step.peakLag().getOrDefault(consumer, 0L))));
            md.append('\n');
        }
        md.append('\n');
    }

    static String runRow(BenchmarkRun.Figures f) {
        Optional<LoadLadder.Step> best = best(f.brew());
        String screen = f.probe() == null ? "" : ms(f.probe().screen(), 99) + " at " + f.probe().rate() + "/s";
        String bare = f.baseline().isEmpty() ? "" : held(f.baseline()).map(b -> "held " + topped(f.baseline(), b))
                .orElse("< " + f.baseline().get(0).rate());
        String replay = f.replay() == null ? "" : String.format(Locale.ROOT, "%,.0f (%,d)", f.replay().replayRate(),
                f.replay().replayed());
        String startup = f.startup() == null ? "" : String.format(Locale.ROOT, "%.0f s", f.startup().total());
        String memory = String.format(Locale.ROOT, "%.2f GiB / %s", sum(f.restingMiB()) / 1024.0,
                gib(peak(f.brew())));
        String publisher = f.publisher() == null ? "" : String.format(Locale.ROOT, "%,.0f",
                f.publisher().eventsPerSecond());
        return String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %s | %s | %s | %s | %s | %s | %s |", WHEN.format(f.at()),
                f.settings().label().isBlank() ? "" : f.settings().label(), f.loadAtStart(),
                f.brew().isEmpty() ? "" : best.map(b -> b.rate() + " (" + b.p99() + " ms)")
                        .orElse("< " + f.brew().get(0).rate())
                        + held(f.brew()).map(b -> String.format(Locale.ROOT, "; held %d (%d ms, %.1f CPU ms/order, Brew %.1f)",
                                b.rate(), b.p99(), b.cpuMsPerOrderTotal(), b.cpuMsPerOrderBrew())).orElse(""), screen, publisher, bare, ratio(f), replay, startup, memory);
    }

    private static String sustained(List<LoadLadder.Step> steps, Settings s) {
        if (steps.isEmpty()) {
            return "not run";
        }
        String sustained = best(steps).map(b -> String.format(Locale.ROOT, "%s orders/s for %d s: p99 %d ms, %d errors",
                topped(steps, b), b.seconds(), b.p99(), b.failed()))
                .orElse("below " + steps.get(0).rate() + " orders/s");
        String held = held(steps).map(b -> String.format(Locale.ROOT, "%s orders/s (p50 %d ms, p99 %d ms, %.0f"
                        + " requests/s)", topped(steps, b), b.p50(), b.p99(), b.requestsPerSecond()))
                .orElse("below " + steps.get(0).rate() + " orders/s");
        return "sustained (p99 ≤ 50 ms): " + sustained + "; held (no error, p99 ≤ 1 s): " + held;
    }

    /** "≥ N" when the highest rate tried was sustained (the real limit is higher). */
    private static String topped(List<LoadLadder.Step> steps, LoadLadder.Step best) {
        return (steps.get(steps.size() - 1) == best ? "≥ " : "") + best.rate();
    }

    /**
     * Brew's highest held rate over the bare pipeline's, both from this run. Always a figure when both ladders ran:
     * a ladder that held no rate counts as "below" its first rate.
     */
    static String ratio(BenchmarkRun.Figures f) {
        if (f.brew().isEmpty() || f.baseline().isEmpty()) {
            return "not measured";
        }
        Optional<LoadLadder.Step> brew = held(f.brew());
        Optional<LoadLadder.Step> bare = held(f.baseline());
        boolean bareTopped = bare.isPresent() && f.baseline().get(f.baseline().size() - 1) == bare.get();
        if (brew.isEmpty()) {
            return String.format(Locale.ROOT, "< %d / %s%d orders/s = < %.0f%%", f.brew().get(0).rate(),
                    bareTopped ? "≥ " : "", bare.map(LoadLadder.Step::rate).orElse(f.baseline().get(0).rate()),
                    100.0 * f.brew().get(0).rate() / bare.map(LoadLadder.Step::rate).orElse(f.baseline().get(0).rate()));
        }
        if (bare.isEmpty()) {
            return String.format(Locale.ROOT, "%d / < %d orders/s = > %.0f%%", brew.get().rate(),
                    f.baseline().get(0).rate(), 100.0 * brew.get().rate() / f.baseline().get(0).rate());
        }
        return String.format(Locale.ROOT, "%d / %s%d orders/s = %s%.0f%%", brew.get().rate(), bareTopped ? "≥ " : "",
                bare.get().rate(), bareTopped ? "≤ " : "", 100.0 * brew.get().rate() / bare.get().rate());
    }

    /** The highest rate sustained by the target's rule (p99 ≤ 50 ms). */
    static Optional<LoadLadder.Step> best(List<LoadLadder.Step> steps) {
        return steps.stream().filter(LoadLadder.Step::sustained).reduce((a, b) -> b.rate() > a.rate() ? b : a);
    }

    /** The highest rate held (no error, the rate kept, p99 ≤ 1 s): the throughput the ratio compares. */
    static Optional<LoadLadder.Step> held(List<LoadLadder.Step> steps) {
        return steps.stream().filter(LoadLadder.Step::held).reduce((a, b) -> b.rate() > a.rate() ? b : a);
    }

    private static Map<String, Long> peak(List<LoadLadder.Step> steps) {
        Map<String, Long> peak = new LinkedHashMap<>();
        steps.forEach(step -> step.residentMiB().forEach((part, mib) -> peak.merge(part, mib, Math::max)));
        return peak;
    }

    /** Resident memory in GiB, or "not measured" when no load step ran. */
    private static String gib(Map<String, Long> mib) {
        return mib.isEmpty() ? "not measured" : String.format(Locale.ROOT, "%.2f GiB", sum(mib) / 1024.0);
    }

    private static long sum(Map<String, Long> mib) {
        return mib.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String load(double before, double after) {
        return String.format(Locale.ROOT, "%.2f → %.2f", before, after);
    }

    private static String ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? "n/a" : ms(histogram.getValueAtPercentile(percentile));
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
