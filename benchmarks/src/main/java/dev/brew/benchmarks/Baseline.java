package dev.brew.benchmarks;

import dev.brew.benchmarks.baseline.BarePipeline;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link BarePipeline} as its own JVM (the services' JVM options) on the stack's servers. */
final class Baseline implements AutoCloseable {

    private final Process process;
    private final int port;

    Baseline(int port, int postgresPort, String bootstrapServers, int mongoPort, String javaOptions, Path log)
            throws Exception {
        this.port = port;
        String admin = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "select 1 from pg_database where datname = 'bare_pipeline'")) {
                if (!exists.next()) {
                    statement.execute("create database bare_pipeline");
                }
            }
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(javaOptions.trim().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BarePipeline.class.getName(),
                Integer.toString(port), "jdbc:postgresql://127.0.0.1:" + postgresPort + "/bare_pipeline",
                "postgres", "postgres", bootstrapServers, "mongodb://127.0.0.1:" + mongoPort));
        this.process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the bare pipeline did not start; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
