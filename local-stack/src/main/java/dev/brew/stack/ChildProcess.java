package dev.brew.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process of the local stack: started in its own session ({@code setsid}) so that Ctrl-C in the terminal reaches
 * only the launcher, which then stops the parts in order; its pid is written under {@code run/} so that a later
 * start can clean up after a launcher that was killed.
 */
final class ChildProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final Path pidFile;
    private Process process;

    ChildProcess(String name, List<String> command, Map<String, String> environment, Path logs, Path run) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.log = logs.resolve(name + ".log");
        this.pidFile = run.resolve(name + ".pid");
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized void start() {
        if (isAlive()) {
            return;
        }
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(pidFile.getParent());
            killStale(pidFile);
            ProcessBuilder builder = new ProcessBuilder(withSetsid(command))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}; true when it ended by itself within them. */
    synchronized boolean stop(int graceSeconds) {
        if (process == null) {
            return false;
        }
        process.destroy();
        boolean clean = false;
        try {
            clean = process.waitFor(graceSeconds, TimeUnit.SECONDS);
            if (!clean) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        deletePidFile();
        return clean;
    }

    /** SIGKILL: a crash. */
    synchronized void kill() {
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
        deletePidFile();
    }

    synchronized int exitValue() {
        return process == null || process.isAlive() ? 0 : process.exitValue();
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is cleaned up at the next start
        }
    }

    private static List<String> withSetsid(List<String> command) {
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            return java.util.stream.Stream.concat(java.util.stream.Stream.of("/usr/bin/setsid"), command.stream())
                    .toList();
        }
        return command;
    }

    /** Pids are reused: only a process whose command line is one of ours is stopped. */
    private static boolean isBrewProcess(ProcessHandle process) {
        return process.info().commandLine().map(line -> line.contains("brew")).orElse(false);
    }

    /** A process left behind by a launcher that was killed: end it before starting anew. */
    private static void killStale(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(ChildProcess::isBrewProcess).ifPresent(stale -> {
                stale.destroy();
                stale.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> {
                    stale.destroyForcibly();
                    return stale;
                }).join();
            });
        } catch (NumberFormatException ignored) {
            // not ours
        }
        Files.deleteIfExists(pidFile);
    }
}
