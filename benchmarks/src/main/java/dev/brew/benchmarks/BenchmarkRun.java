package dev.brew.benchmarks;

import dev.brew.stack.Machine;
import dev.brew.stack.LocalStack;
import dev.brew.stack.Part;
import dev.brew.testing.Directories;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./benchmark}: starts the whole local stack on free ports with its own data folder, measures start-up and
 * memory, the order-to-screen latency, the highest sustained order rate through the gateway, the replay speed, then
 * stops Brew's services and loads the bare pipeline on the same servers the same way; writes docs/benchmarks.md.
 */
public final class BenchmarkRun {

    private BenchmarkRun() {
    }

    /** Everything one run measured; absent parts are null. */
    record Figures(Instant at, Machine machine, double loadAtStart, Settings settings, Startup startup,
                   Map<String, Long> restingMiB, OrderToScreenProbe.Result probe, PublisherDrain.Result publisher,
                   List<LoadLadder.Step> brew,
                   ReplayBenchmark.Result replay, List<LoadLadder.Step> baseline, String command) {
    }

    /** Seconds from launch to ready of each part, and of the whole stack. */
    record Startup(Map<String, Double> parts, double total, double loadBefore, double loadAfter) {
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Path repository = Path.of(System.getProperty("brew.repository", ".")).toAbsolutePath().normalize();
        Path work = repository.resolve("benchmarks/target/bench");
        Path data = work.resolve("data");
        Directories.delete(data);
        Files.createDirectories(work);
        Path services = snapshot(repository, work.resolve("repository"));
        Machine machine = Machine.describe();
        double loadAtStart = Machine.loadAverage();
        Instant at = Instant.now();
        System.out.printf("[benchmark] %d cores, %d MiB, %s; load average %.2f%n", machine.cores(),
                machine.memoryMiB(), machine.jdk(), loadAtStart);

        // A load test is not the runaway client the gateway's per-member limit guards against.
        // Tokens are signed once at the start and must outlive the run (the default lifetime is 15 minutes).
        Map<String, String> environment = new java.util.HashMap<>(Map.of("BREW_RATE_LIMIT_CAPACITY", "1000000",
                "BREW_RATE_LIMIT_PER_SECOND", "1000000", "BREW_JWT_TTL", "4h"));
        // Extra settings for the services, e.g. BREW_PUBLISHER_MODE=per-event to measure the stock publisher.
        for (String setting : System.getProperty("brew.bench.env", "").split(",")) {
            if (setting.contains("=")) {
                environment.put(setting.substring(0, setting.indexOf('=')).trim(),
                        setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        LocalStack stack = new LocalStack(services, data, LocalStack.Ports.free(), environment);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "benchmark-stack-stop"));

        if (!"false".equalsIgnoreCase(System.getenv("BREW_CDS"))) {
            // The services' first launch of a build records their class-data archives as they stop (ADR 0122); the
            // start-up measured is the next one, as every launch after the first is.
            Startup training = start(stack);
            System.out.printf("[benchmark] training launch (records the class-data archives): healthy in %.1f s%n",
                    training.total());
            stack.close();
        }
        Startup startup = start(stack);
        System.out.printf("[benchmark] whole stack healthy in %.1f s (load %.2f)%n", startup.total(),
                startup.loadAfter());
        TimeUnit.SECONDS.sleep(10);
        Map<String, Long> resting = resident(stack);

        BrewApi api = new BrewApi(stack.url());
        String barista = api.signIn("barista", stack.baristaPassword());
        String operator = api.signIn("operator", stack.operatorPassword());
        List<String> members = new ArrayList<>();
        String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        for (int i = 0; i < settings.members(); i++) {
            members.add(api.member("bench-" + runId + "-" + i));
        }
        Path tokens = work.resolve("tokens.txt");
        List<String> lines = new ArrayList<>();
        lines.add(barista);
        lines.addAll(members);
        Files.write(tokens, lines);

        warmUp(api, barista, members, settings);

        OrderToScreenProbe.Result probe = null;
        if (settings.runs("probe")) {
            probe = new OrderToScreenProbe(api, barista, members).run(settings.probeRate(), settings.probeSeconds());
            System.out.printf("[benchmark] order to screen at %d/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms, %d of %d"
                            + " seen, %d failed%n", probe.rate(), probe.screen().getValueAtPercentile(50) / 1000.0,
                    probe.screen().getValueAtPercentile(99) / 1000.0, probe.screen().getMaxValue() / 1000.0,
                    probe.seen(), probe.placed(), probe.failed());
        }

        String commandDb = "jdbc:postgresql://127.0.0.1:" + stack.ports().postgres() + "/brew_command";
        PublisherDrain.Result publisher = null;
        if (settings.runs("publisher")) {
            // The probe's overload may have opened the gateway's breaker for command-service: wait until orders
            // are accepted again, or none would be stored while Kafka is down.
            warmUp(api, barista, members, settings);
            publisher = PublisherDrain.run(stack, api, members, settings.publisherOrders(), commandDb);
            System.out.printf("[benchmark] publisher drained %d events in %.1f s: %.0f events/s%n",
                    publisher.backlog(), publisher.seconds(), publisher.eventsPerSecond());
            warmUp(api, barista, members, settings);
        }

        List<LoadLadder.Step> brew = List.of();
        if (settings.runs("load")) {
            LoadLadder ladder = new LoadLadder(stack.url(), tokens, "/api/orders", work.resolve("gatling/brew"),
                    () -> pids(stack), () -> consumerLags(stack));
            if (settings.warmupSeconds() > 0) {
                ladder.warm(settings.warmupRate(), settings.warmupMaxSeconds());
            }
            brew = ladder.climb(settings.rates(), settings.stepSeconds(), () -> publisherLag(commandDb) == 0);
        }

        ReplayBenchmark.Result replay = null;
        if (settings.runs("replay") && settings.replayEvents() > 0) {
            replay = new ReplayBenchmark(api, () -> pids(stack), "127.0.0.1:" + stack.ports().kafka(), barista,
                    operator)
                    .run(settings.replayEvents());
            System.out.printf("[benchmark] replay of %d events: %s in %.1f s, %.0f events/s; %d queries meanwhile"
                            + " (%d failed), p50 %.0f ms, p99 %.0f ms%n", replay.replayed(), replay.state(),
                    replay.replaySeconds(), replay.replayRate(), replay.queries(), replay.queryFailures(),
                    replay.queryLatency().getValueAtPercentile(50) / 1000.0,
                    replay.queryLatency().getValueAtPercentile(99) / 1000.0);
        }

        List<LoadLadder.Step> baseline = List.of();
        if (settings.runs("baseline")) {
            for (Part part : List.of(Part.API_GATEWAY, Part.QUERY_SERVICE, Part.COMMAND_SERVICE,
                    Part.MEMBER_SERVICE)) {
                stack.stop(part);
            }
            try (Baseline bare = new Baseline(dev.brew.testing.Ports.free(), stack.ports().postgres(),
                    "127.0.0.1:" + stack.ports().kafka(), stack.ports().mongo(), LocalStack.serviceJavaOptions(),
                    work.resolve("bare-pipeline.log"))) {
                LoadLadder ladder = new LoadLadder(bare.url(), null, "/orders", work.resolve("gatling/baseline"),
                        () -> {
                            Map<String, Long> pids = pids(stack);
                            pids.put("bare-pipeline", bare.pid());
                            return pids;
                        }, Map::of);
                // Brew's held rate is where the bare pipeline starts: it does less, so it holds at least that.
                int from = Report.held(brew).map(LoadLadder.Step::rate).orElse(0);
                List<Integer> rates = settings.rates().stream().filter(rate -> rate >= from).toList();
                baseline = ladder.climb(rates.isEmpty() ? settings.rates() : rates, settings.stepSeconds(),
                        () -> true);
            }
        }
        stack.close();

        Figures figures = new Figures(at, machine, loadAtStart, settings, startup, resting, probe, publisher, brew, replay,
                baseline, System.getProperty("brew.bench.command", "./benchmark"));
        Path report = repository.resolve("docs/benchmarks.md");
        Report.write(report, figures);
        System.out.println("[benchmark] figures written to " + report);
        System.exit(0);
    }

    /**
     * Freshly started JVMs answer their first calls slowly (class loading, JIT), slow enough to open the gateway's
     * circuit breaker: wait until orders are accepted, then place orders at a low rate for a while before measuring.
     */
    private static void warmUp(BrewApi api, String barista, List<String> members, Settings settings)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        int accepted = 0;
        while (accepted < 5) {
            BrewApi.Answer answer = api.send(api.placeOrder(members.get(0),
                    "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}"));
            accepted = answer.status() == 202 ? accepted + 1 : 0;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("orders are not accepted: " + answer);
            }
            if (answer.status() != 202) {
                TimeUnit.SECONDS.sleep(1);
            }
        }
        OrderToScreenProbe.Result warm = new OrderToScreenProbe(api, barista, members)
                .run(settings.warmupRate(), settings.warmupSeconds());
        System.out.printf("[benchmark] warmed up: %d orders placed, %d failed%n", warm.placed(), warm.failed());
    }

    private static Startup start(LocalStack stack) {
        double loadBefore = Machine.loadAverage();
        Map<String, Double> parts = new ConcurrentHashMap<>();
        long begin = System.nanoTime();
        for (List<Part> group : List.of(LocalStack.INFRASTRUCTURE, LocalStack.SERVICES)) {
            CompletableFuture.allOf(group.stream()
                    .map(part -> CompletableFuture.runAsync(() -> timed(stack, part, parts)))
                    .toArray(CompletableFuture[]::new)).join();
        }
        double total = (System.nanoTime() - begin) / 1e9;
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (Part part : Part.values()) {
            ordered.put(part.module(), parts.get(part.module()));
        }
        return new Startup(ordered, total, loadBefore, Machine.loadAverage());
    }

    private static void timed(LocalStack stack, Part part, Map<String, Double> parts) {
        long begin = System.nanoTime();
        stack.start(part);
        parts.put(part.module(), (System.nanoTime() - begin) / 1e9);
    }

    private static Map<String, Long> pids(LocalStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.pids().forEach((part, pid) -> pids.put(part.module(), pid));
        return pids;
    }

    /**
     * The Kafka consumers' lag now (records behind the topic's end), from each consumer service's own gauge
     * {@code brew_kafka_consumer_lag_records}, its highest processor; a service that does not answer is left out.
     */
    static Map<String, Long> consumerLags(LocalStack stack) {
        Map<String, Long> lags = new LinkedHashMap<>();
        for (Part part : List.of(Part.QUERY_SERVICE, Part.LOYALTY_SERVICE)) {
            try {
                HttpResponse<String> metrics = METRICS.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + stack.portOf(part, 0) + "/actuator/prometheus")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                highestLag(metrics.body()).ifPresent(lag -> lags.put(part.module(), lag));
            } catch (IOException e) {
                // not answering now: no sample
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return lags;
    }

    /** The highest {@code brew_kafka_consumer_lag_records} in a Prometheus text page. */
    static java.util.OptionalLong highestLag(String prometheus) {
        return prometheus.lines().filter(line -> line.startsWith("brew_kafka_consumer_lag_records{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max();
    }

    private static final HttpClient METRICS = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Map<String, Long> resident(LocalStack stack) {
        Map<String, Long> resident = new LinkedHashMap<>();
        pids(stack).forEach((part, pid) -> resident.put(part, Machine.residentMiB(pid)));
        return resident;
    }

    /** Events stored but not yet published (the query behind command-service's brew_publisher_lag_events). */
    static long publisherLag(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     select count(*) from domain_event_entry where global_index > coalesce((
                       select max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) from token_entry
                       where processor_name = '__axon-kafka-event-publishing-group' and token is not null), -1)""")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * The stack runs private copies of the services' jars, so that a build elsewhere in the repository cannot
     * rewrite them under a running JVM.
     */
    private static Path snapshot(Path repository, Path copy) throws IOException {
        for (Part part : Part.values()) {
            if (!part.isService()) {
                continue;
            }
            String jar = part.module() + "-0.1.0-SNAPSHOT.jar";
            Path from = repository.resolve(part.module()).resolve("target").resolve(jar);
            Path to = copy.resolve(part.module()).resolve("target").resolve(jar);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
        Path ui = copy.resolve("ui");
        if (!Files.exists(ui, LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(ui, repository.resolve("ui"));
        }
        return copy;
    }

}
