package dev.brew.system.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What MISSION.md promises while a part is down, checked call by call: each check names the call, the statuses
 * allowed and the longest time allowed, and records what really came back. Breaches are collected, not thrown, so a
 * scenario still restarts the part and settles; the test asserts there were none at the end.
 */
public final class Promises {

    /** One promised call's record: how often it ran, what it answered, and the slowest answer. */
    public static final class Call {
        final String name;
        final Map<Integer, Integer> statuses = new TreeMap<>();
        long slowestMillis;
        int count;

        Call(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name + " " + statuses + " max " + slowestMillis + " ms";
        }
    }

    private final Map<String, Call> calls = new TreeMap<>();
    private final List<String> breaches = new ArrayList<>();
    private int rounds;

    /** Runs {@code call}; its answer must be one of {@code allowed} within {@code maxMillis}. */
    public synchronized Response expect(String name, Supplier<Response> call, long maxMillis, int... allowed) {
        Response response = call.get();
        Call record = calls.computeIfAbsent(name, Call::new);
        record.count++;
        record.statuses.merge(response.status(), 1, Integer::sum);
        record.slowestMillis = Math.max(record.slowestMillis, response.millis());
        boolean statusOk = java.util.Arrays.stream(allowed).anyMatch(s -> s == response.status());
        if (!statusOk || response.millis() > maxMillis) {
            breaches.add(name + ": expected " + java.util.Arrays.toString(allowed) + " within " + maxMillis
                    + " ms, got " + response);
        }
        return response;
    }

    public synchronized void roundDone() {
        rounds++;
    }

    public synchronized int rounds() {
        return rounds;
    }

    public synchronized List<String> breaches() {
        return List.copyOf(breaches);
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls.values());
    }

    public synchronized long slowest(String name) {
        Call call = calls.get(name);
        return call == null ? -1 : call.slowestMillis;
    }

    @Override
    public synchronized String toString() {
        StringBuilder text = new StringBuilder();
        calls.values().forEach(call -> text.append(call).append("; "));
        return text.toString();
    }
}
