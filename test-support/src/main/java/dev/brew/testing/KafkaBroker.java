package dev.brew.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller), run as a child JVM from the Kafka jars
 * on this class path. Its own process, so that a test can stop it for real (SIGTERM or SIGKILL) and start it again
 * on the same ports and log directory, keeping topics and offsets.
 */
public final class KafkaBroker implements AutoCloseable {

    /** Small and quick to start: what a test JVM wants. */
    public static final List<String> TEST_JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final List<String> jvmOptions;
    private final String clusterId = Uuid.randomUuid().toString();
    private Process process;

    /** A broker on free ports, for tests. */
    public KafkaBroker(Path directory) {
        this(directory, Ports.free(), Ports.free(), TEST_JVM_OPTIONS);
    }

    /** A broker on fixed ports with its own JVM options (the local stack). */
    public KafkaBroker(Path directory, int port, int controllerPort, List<String> jvmOptions) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The broker's process id while it runs, for measuring it. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the broker (formatting its storage the first time) and returns once it answers an admin call. */
    public synchronized KafkaBroker start() {
        if (isRunning()) {
            return this;
        }
        try {
            Path properties = writeProperties();
            if (!Files.exists(directory.resolve("log/meta.properties"))) {
                run("kafka.tools.StorageTool", List.of("format", "-t", clusterId, "-c", properties.toString(),
                        "--ignore-formatted"), directory.resolve("format.log")).waitFor(60, TimeUnit.SECONDS);
            }
            process = run("kafka.Kafka", List.of(properties.toString()), directory.resolve("broker.log"));
            awaitReady(Duration.ofSeconds(120));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A clean stop (SIGTERM): the broker flushes and closes as on a normal shutdown. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** A crash (SIGKILL): nothing is flushed, as when a machine dies. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private Path writeProperties() throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("server.properties");
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + directory.resolve("log"),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "group.initial.rebalance.delay.ms=0",
                // The log cleaner's offset map is allocated on the heap when the broker starts, 128 MiB by default:
                // half of a small broker's heap for compacting __consumer_offsets, whose keys here number in the
                // hundreds. 8 MiB holds ~350,000 of them.
                "log.cleaner.dedupe.buffer.size=8388608",
                // A restarted broker re-registers only once its previous session has expired (9 s by default).
                "broker.heartbeat.interval.ms=500",
                "broker.session.timeout.ms=2000",
                "share.coordinator.state.topic.replication.factor=1",
                "");
        Files.writeString(file, properties);
        return file;
    }

    private Process run(String mainClass, List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dlogback.configurationFile=brew-kafka-logback.xml",
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(arguments);
        Process started = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        return started;
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        RuntimeException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue()
                        + "; see " + directory.resolve("broker.log"));
            }
            Admin admin = Admin.create(config);
            try {
                if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = new IllegalStateException(e);
            } finally {
                // Bounded: close() alone waits without limit, and hung once while the broker was starting.
                admin.close(Duration.ofSeconds(3));
            }
        }
        throw new IllegalStateException("Kafka broker not ready after " + timeout, last);
    }
}
