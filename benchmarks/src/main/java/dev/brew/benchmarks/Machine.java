package dev.brew.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What the figures were measured on, and how busy it was. */
public record Machine(int cores, long memoryMiB, String jdk, String os) {

    public static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), memTotalKib() / 1024,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"));
    }

    /** The 1-minute load average (the number of runnable tasks, so above {@code cores} means waiting for a core). */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Resident memory of a process and all its descendants (PostgreSQL runs a process per connection), in MiB, as
     * proportional set size: a page shared by n processes counts 1/n in each. Summing their resident set sizes
     * instead counted PostgreSQL's shared buffers once per connection (1.4 GiB "resident" for 40 connections).
     */
    public static long residentMiB(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ProcessHandle.of(pid).map(handle -> Stream.concat(Stream.of(handle), handle.descendants())
                .mapToLong(process -> proportionalKib(process.pid())).sum()).orElse(0L) / 1024;
    }

    /** {@code Pss} of /proc/pid/smaps_rollup; {@code VmRSS} where that file cannot be read. */
    static long proportionalKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not readable here: fall back to the resident set
        }
        return statusKib(pid, "VmRSS:");
    }

    static long residentSetKib(long pid) {
        return statusKib(pid, "VmRSS:");
    }

    private static long memTotalKib() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            return lines.stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).orElse(0L);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long statusKib(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return 0;
    }
}
