package dev.brew.system.support;

import dev.brew.stack.LocalStack;
import dev.brew.stack.Part;
import dev.brew.testing.Directories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.awaitility.Awaitility.await;

/**
 * The one local stack of this test JVM, started by whichever test engine asks first (JUnit Jupiter through
 * {@link BrewStackExtension}, jqwik through its properties) and stopped when the launcher session ends
 * ({@link StackSessionListener}) or, failing that, when the JVM exits. See ADR 0600.
 */
public final class SharedStack {

    private static final Logger log = LoggerFactory.getLogger(SharedStack.class);

    /**
     * The gateway's per-member limit is raised: a load test is not the runaway client it guards against. Tokens last
     * 4 hours instead of 15 minutes: the suite's sessions are signed in once, and a full-scale run outlives 15 minutes
     * (F10 in docs/reliability.md). Expiry itself is tested with crafted tokens ({@code ForgedTokenTest}).
     */
    static final Map<String, String> ENVIRONMENT = Map.of(
            "BREW_RATE_LIMIT_CAPACITY", "100000",
            "BREW_RATE_LIMIT_PER_SECOND", "100000",
            "BREW_JWT_TTL", "4h");

    /** Instances of each service the gateway is given (see {@link LocalStack#standby()}). */
    static final Map<Part, Integer> INSTANCES = Map.of(Part.COMMAND_SERVICE, 2, Part.MEMBER_SERVICE, 2,
            Part.QUERY_SERVICE, 2);

    private static Brew brew;
    private static LocalStack stack;

    private SharedStack() {
    }

    public static synchronized Brew get() {
        if (brew == null) {
            Path repository = Path.of(System.getProperty("brew.repository", "..")).toAbsolutePath().normalize();
            Path data = Path.of("target", "stack").toAbsolutePath();
            clean(data);
            repository = snapshot(repository, Path.of("target", "repository").toAbsolutePath());
            long begin = System.nanoTime();
            // Two instances of each scalable service, the second on standby: the gateway knows both (and skips the
            // stopped one); RollingRedeployTest starts the second, restarts them in turn, and stops it again (ADR 0310).
            LocalStack starting = new LocalStack(repository, data, LocalStack.Ports.free(), ENVIRONMENT, INSTANCES)
                    .standby();
            Runtime.getRuntime().addShutdownHook(new Thread(SharedStack::close, "brew-stack-stop"));
            stack = starting;
            starting.start();
            brew = new Brew(starting);
            log.info("Local stack up in {} s at {} (data {})",
                    Duration.ofNanos(System.nanoTime() - begin).toSeconds(), starting.url(), data);
            System.out.printf("[system-tests] local stack up in %d s at %s%n",
                    Duration.ofNanos(System.nanoTime() - begin).toSeconds(), starting.url());
        }
        return brew;
    }

    /**
     * The same stack (same ports, so every session and client stays valid) started again with empty stores: the
     * PostgreSQL, Kafka and Mongo data are deleted, the signing keys and the staff passwords kept. A full-scale failure
     * scenario starts from this, so that it measures its own 10,000 orders and not the views the scenarios before it
     * filled: mongo-java-server answers every query but one by {@code _id} with a full scan, which passes the
     * gateway's 5 s timeout once the view holds some 50,000 orders (F11 in docs/reliability.md).
     */
    public static synchronized void renew() {
        if (stack == null) {
            throw new IllegalStateException("No stack to renew");
        }
        long begin = System.nanoTime();
        stack.close();
        for (String store : java.util.List.of("postgres", "kafka", "mongo")) {
            Directories.delete(stack.data().resolve(store));
        }
        stack.start();
        System.out.printf("[system-tests] local stack renewed (empty stores) in %d s%n",
                Duration.ofNanos(System.nanoTime() - begin).toSeconds());
    }


    static synchronized void close() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
        if (brew != null) {
            brew.memberStore().close();
            brew = null;
        }
    }

    /**
     * The stack runs private copies of the services' jars: a build elsewhere in the repository that rewrites
     * {@code <module>/target/*.jar} under a running JVM breaks its class loading (seen: NoClassDefFoundError in
     * query-service mid-run), and a part restarted by a scenario must be the same build as the one it replaces.
     */
    private static Path snapshot(Path repository, Path copy) {
        try {
            for (Part part : Part.values()) {
                if (!part.isService()) {
                    continue;
                }
                String jar = part.module() + "-0.1.0-SNAPSHOT.jar";
                Path from = repository.resolve(part.module()).resolve("target").resolve(jar);
                Path to = copy.resolve(part.module()).resolve("target").resolve(jar);
                Files.createDirectories(to.getParent());
                await("a complete copy of " + jar).atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
                            try (ZipFile zip = new ZipFile(to.toFile())) {
                                return zip.size() > 0;
                            }
                        });
            }
            Path ui = copy.resolve("ui");
            if (!Files.exists(ui, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(ui, repository.resolve("ui"));
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh data folder each run; processes an earlier, killed run left behind (pid files) are ended first. */
    private static void clean(Path data) {
        try {
            Path run = data.resolve("run");
            if (Files.isDirectory(run)) {
                try (Stream<Path> pidFiles = Files.list(run)) {
                    pidFiles.forEach(SharedStack::endStale);
                }
            }
            endStale(data.resolve("postgres/postmaster.pid"));
            Directories.delete(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void endStale(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            ProcessHandle.of(pid)
                    .filter(process -> process.info().commandLine().map(line -> line.contains("brew")
                            || line.contains("postgres")).orElse(false))
                    .ifPresent(stale -> {
                        log.warn("Ending process {} left by an earlier run", pid);
                        stale.destroyForcibly();
                        stale.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> stale).join();
                    });
        } catch (IOException | RuntimeException e) {
            log.debug("No stale process in {}: {}", pidFile, e.toString());
        }
    }
}
