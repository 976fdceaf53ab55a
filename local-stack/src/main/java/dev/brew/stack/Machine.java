package dev.brew.stack;

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

    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux build seen here). */
    private static final long TICKS = clockTicks();

    /**
     * CPU time used so far by a process and its live descendants (PostgreSQL's per-connection processes), plus what
     * its finished, reaped children used, in ms: utime + stime (+ cutime + cstime of the root) of /proc/pid/stat.
     */
    public static long cpuMillis(long pid) {
        if (pid <= 0) {
            return 0;
        }
        return ProcessHandle.of(pid).map(handle -> {
            long[] root = statTicks(pid);
            long ticks = root[0] + root[1] + root[2] + root[3];
            ticks += handle.descendants().mapToLong(child -> {
                long[] t = statTicks(child.pid());
                return t[0] + t[1];
            }).sum();
            return ticks * 1000 / TICKS;
        }).orElse(0L);
    }

    /**
     * CPU time used so far by a JVM's JIT compiler threads ({@code C1 CompilerThread0}..., {@code C2 CompilerThread0}
     * ..., named {@code C1 CompilerThre} in /proc, which keeps 15 characters), in ms; 0 for a process without them.
     * What a step spends compiling is not the warm cost of an order (docs/benchmarks.md entry 20). HotSpot keeps one
     * thread per compiler; on more than two cores it may stop extra ones when idle, and their time then leaves the sum
     * (a difference of two readings is low by what they used).
     */
    public static long compilerCpuMillis(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.mapToLong(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    if (!isCompilerThread(stat)) {
                        return 0;
                    }
                    long[] t = parseStat(stat);
                    return t[0] + t[1];
                } catch (IOException | RuntimeException e) {
                    return 0; // the thread ended meanwhile
                }
            }).sum() * 1000 / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Whether a thread's stat line is one of HotSpot's JIT compiler threads. */
    static boolean isCompilerThread(String stat) {
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /**
     * Busy CPU time of the whole machine so far, in ms, from the first line of /proc/stat (user, nice, system, irq,
     * softirq, steal): with the processes' own times it tells a step saturated by Brew from one saturated by others.
     */
    public static long machineBusyMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long ticks = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
            return ticks * 1000 / TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** This JVM's own CPU (ms), without its children. */
    public static long ownCpuMillis() {
        long[] t = statTicks(ProcessHandle.current().pid());
        return (t[0] + t[1]) * 1000 / TICKS;
    }

    /** CPU (ms) of this JVM's children that have exited and been waited for (the Gatling generators). */
    public static long reapedChildrenCpuMillis() {
        long[] t = statTicks(ProcessHandle.current().pid());
        return (t[2] + t[3]) * 1000 / TICKS;
    }

    /** utime, stime, cutime, cstime of /proc/pid/stat; zeros when the process is gone. */
    static long[] statTicks(long pid) {
        try {
            return parseStat(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return new long[4];
        }
    }

    /** The command name (field 2) may hold spaces and parentheses: count fields after its last ')'. */
    static long[] parseStat(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14])};
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
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
