package dev.brew.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./run-local}: starts the whole stack, prints where it is, and stops it cleanly on Ctrl-C.
 * {@code BREW_INSTANCES=command-service=2,member-service=2,query-service=2} runs services as several instances;
 * typing {@code restart <service>} (then Enter) restarts its instances one at a time, a rolling redeploy.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Path repository = Path.of(System.getProperty("brew.repository", ".")).toAbsolutePath().normalize();
        Path data = Path.of(System.getenv().getOrDefault("BREW_DATA_DIR", repository.resolve(".brew-data").toString()));
        LocalStack stack = new LocalStack(repository, data, LocalStack.Ports.defaults(), Map.of(),
                LocalStack.instancesFrom(System.getenv("BREW_INSTANCES")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Brew ...");
            stack.close();
            System.out.println("Stopped. Data kept in " + data);
            stopped.countDown();
        }, "brew-stop"));

        System.out.println("Starting Brew (data and logs in " + data + ") ...");
        Instant begin = Instant.now();
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println("\nBrew did not start: " + e.getMessage());
            System.exit(1);
        }
        long seconds = Duration.between(begin, Instant.now()).toSeconds();

        System.out.printf("%nBrew is up in %d s at %s%n", seconds, stack.url());
        System.out.printf("  customer page: %s/            barista page: %s/barista.html%n", stack.url(), stack.url());
        System.out.printf("  barista  sign-in: barista  / %s%n", stack.baristaPassword());
        System.out.printf("  operator sign-in: operator / %s%n", stack.operatorPassword());
        printMemory(stack);
        System.out.println("Type 'restart <service>' to restart its instances one at a time; Ctrl-C stops.");
        Thread commands = new Thread(() -> readCommands(stack), "brew-commands");
        commands.setDaemon(true);
        commands.start();
        stopped.await();
    }

    /** The launcher's commands, one a line on standard input. */
    static void readCommands(LocalStack stack) {
        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println(command(stack, line.trim()));
            }
        } catch (IOException e) {
            // no terminal: no commands
        }
    }

    static String command(LocalStack stack, String line) {
        String[] words = line.split("\\s+");
        if (words.length == 2 && words[0].equals("restart")) {
            try {
                Part part = LocalStack.part(words[1]);
                java.util.List<Duration> took = stack.rollingRestart(part);
                return String.format("%s: %d instance(s) restarted one at a time in %s", part.module(),
                        took.size(), took.stream().map(d -> d.toMillis() / 1000.0 + " s").toList());
            } catch (RuntimeException e) {
                return "restart failed: " + e.getMessage();
            }
        }
        return line.isEmpty() ? "" : "commands: restart <service> (e.g. restart command-service)";
    }

    static void printMemory(LocalStack stack) {
        long total = 0;
        StringBuilder line = new StringBuilder("  resident memory:");
        for (Map.Entry<Part, Long> entry : stack.pids().entrySet()) {
            long kib = residentKib(entry.getValue());
            total += kib;
            line.append(String.format(" %s %d MiB,", entry.getKey().module(), kib / 1024));
        }
        line.append(String.format(" total %d MiB", total / 1024));
        System.out.println(line);
    }

    /** Resident set of a process and all its descendants (PostgreSQL runs one process per connection). */
    static long residentKib(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ProcessHandle.of(pid).map(handle -> Stream.concat(Stream.of(handle), handle.descendants())
                .mapToLong(process -> statusKib(process.pid())).sum()).orElse(0L);
    }

    private static long statusKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return 0;
    }
}
