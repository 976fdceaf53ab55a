package dev.brew.system.support;

import dev.brew.stack.LocalStack;
import dev.brew.stack.Machine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The machine around a scenario: the load average and the CPU each part of the stack used ({@link Machine}, as the
 * benchmark harness measures it; the test JVM without its children, the stack), so a scenario that failed on late
 * answers says whether the machine was saturated and by whom. A part restarted in between is counted from its new
 * process's start.
 */
public record MachineSnapshot(long nanos, double loadAverage, Map<String, Long> pids, Map<Long, Long> cpuMillis) {

    public static MachineSnapshot of(LocalStack stack) {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.pids().forEach((part, pid) -> {
            List<Long> instances = part.isService() ? stack.instancePids(part) : List.of(pid);
            for (int i = 0; i < instances.size(); i++) {
                pids.put(part.module() + (i == 0 ? "" : "-" + (i + 1)), instances.get(i));
            }
        });
        Map<Long, Long> cpu = new LinkedHashMap<>();
        pids.values().forEach(pid -> cpu.put(pid, Machine.cpuMillis(pid)));
        long tests = ProcessHandle.current().pid();
        pids.put("tests", tests);
        cpu.put(tests, Machine.ownCpuMillis());
        return new MachineSnapshot(System.nanoTime(), Machine.loadAverage(), pids, cpu);
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
        long then = before.cpuMillis.getOrDefault(pid, 0L); // zero: a process started in between
        return Math.max(0, cpuMillis.getOrDefault(pid, 0L) - then) / 1e3;
    }
}
