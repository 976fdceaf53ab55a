package dev.brew.stack;

import dev.brew.testing.KafkaBroker;
import dev.brew.testing.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * All of Brew on one machine, each part a real process: PostgreSQL, a KRaft Kafka broker, a Mongo server (H2-backed),
 * member-, command-, query-, loyalty-service and the gateway. Data, logs, keys and demo credentials live under one
 * folder ({@code .brew-data/} by default), so a second start finds the earlier orders. Failure tests use
 * {@link #stop(Part)}, {@link #kill(Part)} and {@link #start(Part)} on the same parts.
 *
 * <p>command-, member- and query-service may run as several instances ({@link #LocalStack(Path, Path, Ports, Map,
 * Map)}; the first on the port of {@link Ports}, the others on free ports the launcher picks). The gateway is given
 * every instance and balances across the ready ones (ADR 0310); {@link #rollingRestart(Part)} restarts them one at a
 * time, as a Kubernetes rolling update does. Part-wide calls ({@link #stop(Part)} …) act on every instance.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    private final Path repository;
    private final Path data;
    private final Ports ports;
    /**
     * Every JVM of the stack gives the memory glibc keeps after {@code free} (the JIT's compilation arenas, Netty's
     * and Kafka's transient buffers) back to the system every 5 s (ADR 0127): a {@code malloc_trim} of a few
     * milliseconds.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";
    /** The services' JVM options unless {@code BREW_JAVA_OPTS} replaces them. */
    private static final String JAVA_OPTIONS = "-XX:+UseSerialGC -Xss512k -Xms64m -Xmx384m -XX:MaxMetaspaceSize=192m "
            + TRIM_NATIVE_HEAP;

    /**
     * What the services off the order's path add to the defaults: C1 only (ADR 0128). member-service (sign-in,
     * sign-up, the key set) and loyalty-service (stamps from order events in batches) do little per order, and the
     * second tier's compilations at start-up cost each of them 5–7 s of CPU on two cores shared by the whole stack.
     */
    static final String FIRST_TIER_ONLY = "-XX:TieredStopAtLevel=1";
    private static final Set<Part> OFF_THE_ORDER_PATH = EnumSet.of(Part.MEMBER_SERVICE, Part.LOYALTY_SERVICE);

    /** The services' JVM options: {@code BREW_JAVA_OPTS}, or the launcher's defaults. */
    public static String serviceJavaOptions() {
        return serviceJavaOptions(System.getenv());
    }

    private static String serviceJavaOptions(Map<String, String> environment) {
        return environment.getOrDefault("BREW_JAVA_OPTS", JAVA_OPTIONS);
    }

    /** A service's JVM options: {@code BREW_JAVA_OPTS} for every service alike, or the defaults and the part's own. */
    static List<String> javaOptions(Part part, Map<String, String> environment) {
        List<String> options = new ArrayList<>(List.of(serviceJavaOptions(environment).trim().split("\\s+")));
        if (!environment.containsKey("BREW_JAVA_OPTS") && OFF_THE_ORDER_PATH.contains(part)) {
            options.add(FIRST_TIER_ONLY);
        }
        return options;
    }

    /** Each service's instances, by index (0 on the port of {@link Ports}). */
    private final Map<Part, List<ChildProcess>> services = new EnumMap<>(Part.class);
    /** The port of each instance of each service. */
    private final Map<Part, List<Integer>> instancePorts = new EnumMap<>(Part.class);
    /** Each service's jar, extracted, with its class-data archive (ADR 0122). */
    private final ClassDataArchives archives;
    /** Instances that part-wide starts leave stopped ({@link #standby()}). */
    private final Set<String> standby = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final PostgresServer postgres;
    private final KafkaBroker kafka;
    private final ChildProcess mongo;
    private final Properties credentials;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private final Map<String, String> extraEnvironment;

    /** The ports the parts listen on (the gateway's is the one users open). */
    public record Ports(int gateway, int command, int query, int member, int kafka, int kafkaController, int postgres,
                        int mongo, int loyalty) {

        public static Ports defaults() {
            return new Ports(8080, 8081, 8082, 8083, 19092, 19093, 15432, 17017, 8084);
        }

        /** Free ports, for a stack started by tests next to a developer's own. */
        public static Ports free() {
            return new Ports(dev.brew.testing.Ports.free(), dev.brew.testing.Ports.free(),
                    dev.brew.testing.Ports.free(), dev.brew.testing.Ports.free(), dev.brew.testing.Ports.free(),
                    dev.brew.testing.Ports.free(), dev.brew.testing.Ports.free(), dev.brew.testing.Ports.free(),
                    dev.brew.testing.Ports.free());
        }
    }

    public LocalStack(Path repository, Path data, Ports ports) {
        this(repository, data, ports, Map.of());
    }

    /**
     * A stack whose services also get {@code extraEnvironment} (for example a higher gateway rate limit for load
     * tests); those settings win over the launcher's own.
     */
    public LocalStack(Path repository, Path data, Ports ports, Map<String, String> extraEnvironment) {
        this(repository, data, ports, extraEnvironment, Map.of());
    }

    /**
     * A stack with {@code instances} instances of the services named there (command-, member- and query-service; at
     * most {@value #MAX_INSTANCES}); every other service runs once.
     */
    public LocalStack(Path repository, Path data, Ports ports, Map<String, String> extraEnvironment,
                      Map<Part, Integer> instances) {
        this.extraEnvironment = Map.copyOf(extraEnvironment);
        this.repository = repository.toAbsolutePath().normalize();
        this.data = data.toAbsolutePath().normalize();
        this.ports = ports;
        // The JIT's code cache keeps its default size (240 MB reserved, used as needed): capped at 64 MB, it flushed
        // ~10,000 compiled methods every 35 s under load and the C2 compiler, recompiling them, used as much CPU as
        // the request threads (JFR, issue 15).
        this.archives = new ClassDataArchives(List.of(serviceJavaOptions().trim().split("\\s+")), logs());
        this.credentials = loadOrCreateCredentials();
        this.postgres = new PostgresServer(this.data.resolve("postgres"), ports.postgres(), true);
        this.kafka = new KafkaBroker(this.data.resolve("kafka"), ports.kafka(), ports.kafkaController(),
                List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", TRIM_NATIVE_HEAP, "-Dbrew.part=kafka"));
        // 1 GiB: the stand-in answers a query on anything but _id by loading every document of the collection
        // (docs/reliability.md F11); with 256 MiB the barista queue over a 200,000-event view ran it out of heap.
        this.mongo = new ChildProcess("mongo", List.of(java(), "-Xms32m", "-Xmx1g", "-XX:+UseSerialGC",
                TRIM_NATIVE_HEAP, "-Dbrew.part=mongo", "-cp", System.getProperty("java.class.path"),
                MongoServerMain.class.getName(), Integer.toString(ports.mongo()),
                this.data.resolve("mongo/brew.mv").toString()),
                Map.of(), logs(), run());
        for (Part part : Part.values()) {
            if (part.isService()) {
                int count = instances.getOrDefault(part, 1);
                if (count < 1 || count > MAX_INSTANCES || (count > 1 && !SCALABLE.contains(part))) {
                    throw new IllegalArgumentException(part.module() + " cannot run " + count + " instances");
                }
                List<Integer> portList = new ArrayList<>();
                portList.add(portOf(part));
                while (portList.size() < count) {
                    portList.add(dev.brew.testing.Ports.free());
                }
                instancePorts.put(part, List.copyOf(portList));
            }
        }
        for (Part part : Part.values()) {
            if (part.isService()) {
                List<ChildProcess> list = new ArrayList<>();
                for (int index = 0; index < instances(part); index++) {
                    // The plain jar until started: start() builds the launch command (class-data sharing) anew.
                    list.add(new ChildProcess(instanceName(part, index), List.of(java(), "-jar",
                            jar(part).toString()), environment(part, index), logs(), run()));
                }
                services.put(part, list);
            }
        }
    }

    /**
     * Marks the instances after the first of every service as standby: {@link #start()} and {@link #start(Part)}
     * leave them stopped (the gateway, which knows their ports, finds them not ready and skips them) until
     * {@link #start(Part, int)} starts one. The system tests keep one instance each this way and add the second only
     * for the redeploy test.
     */
    public LocalStack standby() {
        for (Part part : Part.values()) {
            for (int index = 1; index < instances(part); index++) {
                standby.add(instanceName(part, index));
            }
        }
        return this;
    }

    /** The services that may run as several instances (the gateway balances them; their state is shared). */
    public static final Set<Part> SCALABLE = Set.of(Part.COMMAND_SERVICE, Part.MEMBER_SERVICE, Part.QUERY_SERVICE);
    public static final int MAX_INSTANCES = 4;

    /**
     * How long a service that is one of several instances goes on answering after it was told to stop, while
     * readiness already says no: the gateway (which checks readiness every second) stops sending it new calls
     * before its web server stops taking them. Kubernetes gets the same from the pod's {@code preStop} pause.
     */
    static final String DRAIN = "3s";

    /** Instances per service, from {@code BREW_INSTANCES}, e.g. {@code command-service=2,member-service=2}. */
    public static Map<Part, Integer> instancesFrom(String setting) {
        Map<Part, Integer> instances = new EnumMap<>(Part.class);
        if (setting == null || setting.isBlank()) {
            return instances;
        }
        for (String entry : setting.split(",")) {
            String[] pair = entry.trim().split("=");
            if (pair.length != 2) {
                throw new IllegalArgumentException("BREW_INSTANCES entries are service=count, not '" + entry + "'");
            }
            instances.put(part(pair[0].trim()), Integer.parseInt(pair[1].trim()));
        }
        return instances;
    }

    /** A part by its module name ({@code command-service}). */
    public static Part part(String module) {
        for (Part part : Part.values()) {
            if (part.module().equals(module)) {
                return part;
            }
        }
        throw new IllegalArgumentException("No part named " + module);
    }

    /** How many instances of a service this stack runs (1 for the servers). */
    public int instances(Part part) {
        List<Integer> list = instancePorts.get(part);
        return list == null ? 1 : list.size();
    }

    /** The port of one instance of a service. */
    public int portOf(Part part, int index) {
        List<Integer> list = instancePorts.get(part);
        if (list == null || index < 0 || index >= list.size()) {
            throw new IllegalArgumentException(part.module() + " has no instance " + index);
        }
        return list.get(index);
    }

    private static String instanceName(Part part, int index) {
        return index == 0 ? part.module() : part.module() + "-" + (index + 1);
    }

    public Ports ports() {
        return ports;
    }

    public String url() {
        return "http://localhost:" + ports.gateway();
    }

    public String baristaPassword() {
        return credentials.getProperty("barista.password");
    }

    public String operatorPassword() {
        return credentials.getProperty("operator.password");
    }

    public Path data() {
        return data;
    }

    /**
     * Starts everything: the three servers side by side, then, once all of them are healthy, the five Java services
     * side by side (the gateway needs none of the services to start: it routes to them when asked).
     */
    public LocalStack start() {
        startTogether(INFRASTRUCTURE);
        startTogether(SERVICES);
        return this;
    }

    /** The servers, then the services, in the groups {@link #start()} starts together. */
    public static final List<Part> INFRASTRUCTURE = List.of(Part.POSTGRES, Part.KAFKA, Part.MONGO);
    public static final List<Part> SERVICES = List.of(Part.MEMBER_SERVICE, Part.COMMAND_SERVICE, Part.QUERY_SERVICE,
            Part.LOYALTY_SERVICE, Part.API_GATEWAY);

    private void startTogether(List<Part> parts) {
        List<CompletableFuture<Void>> starting = parts.stream()
                .map(part -> CompletableFuture.runAsync(() -> start(part))).toList();
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    public void start(Part part) {
        Instant begin = Instant.now();
        switch (part) {
            case POSTGRES -> {
                postgres.start();
                postgres.jdbcUrl("brew_command");
                postgres.jdbcUrl("brew_loyalty");
            }
            case KAFKA -> kafka.start();
            case MONGO -> {
                mongo.start();
                awaitPort(mongo, ports.mongo());
            }
            default -> {
                List<CompletableFuture<Void>> starting = new ArrayList<>();
                for (int index = 1; index < instances(part); index++) {
                    int other = index;
                    if (!standby.contains(instanceName(part, index))) {
                        starting.add(CompletableFuture.runAsync(() -> start(part, other)));
                    }
                }
                start(part, 0);
                CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
            }
        }
        log.info("  {} ready in {} ms", part.module(), Duration.between(begin, Instant.now()).toMillis());
    }

    /** Starts one instance of a service (if it is not running) and waits until it is ready. */
    public void start(Part part, int index) {
        portOf(part, index);
        ChildProcess service;
        synchronized (services) {
            service = services.get(part).get(index);
            if (!service.isAlive()) {
                // Anew at each start: whether a class-data archive exists decides the command line.
                service = service(part, index);
                services.get(part).set(index, service);
            }
        }
        service.start();
        awaitReady(service, portOf(part, index));
    }

    /** A clean stop (SIGTERM) of one instance of a service: it drains, finishes its calls and hands over its work. */
    public void stop(Part part, int index) {
        portOf(part, index);
        ChildProcess service;
        synchronized (services) {
            service = services.get(part).get(index);
        }
        service.stop(60);
        // An archive is built when its recording instance is ready; one stopped before that recorded nothing.
        archives.stopped(service.name());
    }

    /** Whether this instance's process is running. */
    public boolean isRunning(Part part, int index) {
        portOf(part, index);
        synchronized (services) {
            return services.get(part).get(index).isAlive();
        }
    }

    /** Stops one instance cleanly and starts it again; returns how long it took until it was ready again. */
    public Duration restart(Part part, int index) {
        Instant begin = Instant.now();
        stop(part, index);
        start(part, index);
        Duration took = Duration.between(begin, Instant.now());
        log.info("  {} restarted in {} ms", instanceName(part, index), took.toMillis());
        return took;
    }

    /**
     * A rolling redeploy: each instance of the service in turn is stopped cleanly and started again, the next only
     * once the one before has been ready for {@link #MIN_READY}. With one instance this is a plain restart (the
     * service is away meanwhile).
     */
    public List<Duration> rollingRestart(Part part) {
        if (!part.isService()) {
            throw new IllegalArgumentException(part.module() + " is not a service");
        }
        List<Duration> took = new ArrayList<>();
        for (int index = 0; index < instances(part); index++) {
            if (index > 0) {
                minReady();
            }
            took.add(restart(part, index));
        }
        return took;
    }

    /** A clean stop (SIGTERM; for PostgreSQL a fast shutdown). */
    public void stop(Part part) {
        switch (part) {
            case POSTGRES -> postgres.stop();
            case KAFKA -> kafka.stop();
            case MONGO -> mongo.stop(20);
            default -> {
                List<CompletableFuture<Void>> stopping = new ArrayList<>();
                for (int index = 0; index < instances(part); index++) {
                    int one = index;
                    stopping.add(CompletableFuture.runAsync(() -> stop(part, one)));
                }
                CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
            }
        }
    }

    /** A crash (SIGKILL) of a process part; PostgreSQL is stopped immediately instead. */
    public void kill(Part part) {
        switch (part) {
            case POSTGRES -> postgres.stop();
            case KAFKA -> kafka.kill();
            case MONGO -> mongo.kill();
            default -> {
                synchronized (services) {
                    services.get(part).forEach(ChildProcess::kill);
                }
            }
        }
    }

    /** Process ids of each part (PostgreSQL: its postmaster), for measuring memory. */
    public Map<Part, Long> pids() {
        Map<Part, Long> pids = new LinkedHashMap<>();
        postmasterPid().ifPresent(pid -> pids.put(Part.POSTGRES, pid));
        pids.put(Part.KAFKA, kafka.pid());
        pids.put(Part.MONGO, mongo.pid());
        synchronized (services) {
            // The first instance of each service (the others: instancePids).
            services.forEach((part, list) -> pids.put(part, list.get(0).pid()));
        }
        return pids;
    }

    /** Process ids of every instance of a service. */
    public List<Long> instancePids(Part part) {
        synchronized (services) {
            return services.get(part).stream().map(ChildProcess::pid).toList();
        }
    }

    private java.util.Optional<Long> postmasterPid() {
        try {
            Path pidFile = data.resolve("postgres/postmaster.pid");
            return Files.exists(pidFile) ? java.util.Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0)
                    .trim())) : java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Stops everything, the gateway first and PostgreSQL last. */
    @Override
    public void close() {
        List<Part> reverse = new ArrayList<>(List.of(Part.values()));
        java.util.Collections.reverse(reverse);
        for (Part part : reverse) {
            try {
                stop(part);
            } catch (RuntimeException e) {
                log.warn("Stopping {} failed: {}", part.module(), e.toString());
            }
        }
        archives.close();
    }

    private Path jar(Part part) {
        return repository.resolve(part.module()).resolve("target").resolve(part.module() + "-0.1.0-SNAPSHOT.jar");
    }

    private ChildProcess service(Part part, int index) {
        Path jar = jar(part);
        String name = instanceName(part, index);
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(javaOptions(part, System.getenv()));
        command.add("-Dbrew.part=" + name);
        command.addAll(archives.launch(name, jar));
        return new ChildProcess(name, command, environment(part, index), logs(), run());
    }

    /** The settings each service reads, as environment variables (the same names Kubernetes sets). */
    private Map<String, String> environment(Part part, int index) {
        String memberUri = "http://127.0.0.1:" + ports.member();
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(portOf(part, index)));
        if (instances(part) > 1) {
            env.put("BREW_SHUTDOWN_DRAIN", DRAIN);
        }
        env.put("BREW_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("BREW_JWKS_URI", memberUri + "/.well-known/jwks.json");
        env.put("BREW_JWT_ISSUER", "http://member-service");
        String mongoUri = "mongodb://127.0.0.1:" + ports.mongo();
        if (part != Part.API_GATEWAY) {
            // Only the gateway is for callers; the services (like Kafka, PostgreSQL and the Mongo server) listen on
            // loopback only, so nobody on the network can go around the gateway's checks.
            env.put("SERVER_ADDRESS", "127.0.0.1");
        }
        switch (part) {
            case MEMBER_SERVICE -> {
                env.put("BREW_MEMBERS_MONGODB_URI", mongoUri);
                env.put("BREW_MEMBERS_MONGODB_DATABASE", "brew_members");
                env.put("BREW_JWT_KEY_DIR", data.resolve("keys").toString());
                env.put("BREW_BARISTA_PASSWORD", baristaPassword());
                env.put("BREW_OPERATOR_PASSWORD", operatorPassword());
                // Reached from the gateway alone (loopback), which sets X-Forwarded-For to the client it saw.
                env.put("BREW_TRUST_FORWARDED_FOR", "true");
            }
            case COMMAND_SERVICE -> {
                env.put("BREW_COMMAND_DB_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/brew_command");
                env.put("BREW_COMMAND_DB_USER", postgres.username());
                env.put("BREW_COMMAND_DB_PASSWORD", postgres.password());
                env.put("BREW_MEMBER_URI", memberUri);
                env.put("BREW_LOYALTY_URI", "http://127.0.0.1:" + ports.loyalty());
            }
            case QUERY_SERVICE -> {
                env.put("MONGODB_URI", mongoUri);
                env.put("BREW_QUERY_DB", "brew_query");
            }
            case LOYALTY_SERVICE -> {
                env.put("BREW_LOYALTY_DB_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/brew_loyalty");
                env.put("BREW_LOYALTY_DB_USER", postgres.username());
                env.put("BREW_LOYALTY_DB_PASSWORD", postgres.password());
            }
            case API_GATEWAY -> {
                // Every instance: the gateway balances across the ready ones (ADR 0310).
                env.put("BREW_COMMAND_URI", uris(Part.COMMAND_SERVICE));
                env.put("BREW_LOYALTY_URI", "http://127.0.0.1:" + ports.loyalty());
                env.put("BREW_QUERY_URI", uris(Part.QUERY_SERVICE));
                env.put("BREW_MEMBER_URI", uris(Part.MEMBER_SERVICE));
                env.put("BREW_UI_DIR", repository.resolve("ui").toUri().toString());
                // Plain http on localhost: the session cookie cannot be Secure here.
                env.put("BREW_COOKIE_SECURE", "false");
            }
            default -> throw new IllegalArgumentException(part.toString());
        }
        env.putAll(extraEnvironment);
        return env;
    }

    private String uris(Part part) {
        return instancePorts.get(part).stream().map(port -> "http://127.0.0.1:" + port)
                .collect(java.util.stream.Collectors.joining(","));
    }

    int portOf(Part part) {
        return switch (part) {
            case API_GATEWAY -> ports.gateway();
            case COMMAND_SERVICE -> ports.command();
            case QUERY_SERVICE -> ports.query();
            case MEMBER_SERVICE -> ports.member();
            case LOYALTY_SERVICE -> ports.loyalty();
            case KAFKA -> ports.kafka();
            case POSTGRES -> ports.postgres();
            case MONGO -> ports.mongo();
        };
    }

    private void awaitReady(ChildProcess service, int port) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readiness = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!service.isAlive()) {
                throw new IllegalStateException(service.name() + " exited (" + service.exitValue() + "); see "
                        + service.log());
            }
            try {
                if (http.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    archives.ready(service.name());
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new IllegalStateException(service.name() + " not ready after " + READY_TIMEOUT + "; see "
                + service.log());
    }

    private static void awaitPort(ChildProcess process, int port) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited; see " + process.log());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                pause();
            }
        }
        throw new IllegalStateException(process.name() + " does not listen on " + port);
    }

    /**
     * Kubernetes' {@code minReadySeconds} for a rolling restart: the instance just back is given the gateway's slow
     * start (ADR 0315, 60 s) to warm under its growing share before its twin goes away and leaves it every call.
     */
    private static void minReady() {
        try {
            Thread.sleep(MIN_READY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static final Duration MIN_READY = Duration.ofSeconds(60);

    /** Polling interval of the readiness checks above (the launcher's own loop, not a test). */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Properties loadOrCreateCredentials() {
        return credentials(data);
    }

    /**
     * Demo passwords for the seeded barista and operator: made once, kept in the data folder, never committed.
     * The file is readable by its owner only (rw-------), also when an older launcher left it readable by all.
     */
    static Properties credentials(Path data) {
        Path file = data.resolve("credentials.properties");
        Properties properties = new Properties();
        try {
            Files.createDirectories(data);
            if (Files.exists(file)) {
                try (var in = Files.newInputStream(file)) {
                    properties.load(in);
                }
            }
            boolean changed = false;
            for (String key : List.of("barista.password", "operator.password")) {
                String fromEnvironment = System.getenv("BREW_" + key.replace('.', '_').toUpperCase());
                if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                    properties.setProperty(key, fromEnvironment);
                } else if (!properties.containsKey(key)) {
                    properties.setProperty(key, randomPassword());
                    changed = true;
                }
            }
            boolean posix = Files.getFileStore(data).supportsFileAttributeView(PosixFileAttributeView.class);
            if (changed) {
                if (posix && !Files.exists(file)) {
                    // Created owner-only, so the passwords are never readable by others, not even for a moment.
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                }
                try (var out = Files.newOutputStream(file)) {
                    properties.store(out, "Demo credentials of the local stack (generated; not for production)");
                }
            }
            if (posix && Files.exists(file)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private Path logs() {
        return data.resolve("logs");
    }

    private Path run() {
        return data.resolve("run");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
