package dev.brew.system.support;

import dev.brew.stack.LocalStack;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine around a scenario: the load average and the CPU each part of the stack used (its process and its
 * children alive at the time, e.g. PostgreSQL's backends; the test JVM without its children, the stack), so a
 * scenario that failed on late answers says whether the machine was saturated and by whom. A part restarted in
 * between is counted from its new process's start.
 */
public record MachineSnapshot(long nanos, double loadAverage, Map<String, Long> pids, Map<Long, Duration> cpu) {

    public static MachineSnapshot of(LocalStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.pids().forEach((part, pid) -> {
            List<Long> instances = part.isService() ? stack.instancePids(part) : List.of(pid);
            for (int i = 0; i < instances.size(); i++) {
                pids.put(part.module() + (i == 0 ? "" : "-" + (i + 1)), instances.get(i));
            }
        });
        Map<Long, Duration> cpu = new LinkedHashMap<>();
        pids.values().forEach(pid -> cpu.put(pid, cpuOf(pid)));
        ProcessHandle tests = ProcessHandle.current();
        pids.put("tests", tests.pid());
        cpu.put(tests.pid(), tests.info().totalCpuDuration().orElse(Duration.ZERO));
        return new MachineSnapshot(System.nanoTime(), ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage(), pids, cpu);
    }

    /** One line: load averages at both ends, and the cores each part kept busy in between, busiest first. */
    public String since(MachineSnapshot before) {
        double seconds = Math.max(1e-3, (nanos - before.nanos) / 1e9);
        Map<String, Double> cores = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            if (pid > 0 || before.pids.getOrDefault(name, -1L) > 0) { // not an instance that is not started
                cores.put(name, busy(before, pid) / seconds);
            }
        });
        double total = cores.values().stream().mapToDouble(Double::doubleValue).sum();
        return String.format("load average %.1f → %.1f over %.0f s; cores busy %.2f of %d: %s", before.loadAverage,
                loadAverage, seconds, total, Runtime.getRuntime().availableProcessors(),
                cores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")));
    }

    private double busy(MachineSnapshot before, long pid) {
        Duration now = cpu.getOrDefault(pid, Duration.ZERO);
        Duration then = before.cpu.getOrDefault(pid, Duration.ZERO); // zero: a process started in between
        return Math.max(0, now.minus(then).toNanos() / 1e9);
    }

    private static Duration cpuOf(long pid) {
        return (pid <= 0 ? java.util.Optional.<ProcessHandle>empty() : ProcessHandle.of(pid)).map(process -> Stream.concat(Stream.of(process), process.descendants())
                        .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                        .reduce(Duration.ZERO, Duration::plus))
                .orElse(Duration.ZERO);
    }
}
