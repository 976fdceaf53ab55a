package dev.brew.system.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What docs/spec.md promises while a part is down, checked call by call: each check names the call, the statuses
 * allowed and the longest time allowed, and records what really came back. Breaches are collected, not thrown, so a
 * scenario still restarts the part and settles; the test asserts there were none at the end.
 */
public final class Promises {

    /** One promised call's record: how often it ran, what it answered, and the slowest answer. */
    public static final class Call {
        final String name;
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<Long> lateOnce = new ArrayList<>();
        long slowestMillis;
        int count;

        Call(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name + " " + statuses + " max " + slowestMillis + " ms"
                    + (lateOnce.isEmpty() ? "" : " (late once, in time when asked again: " + lateOnce + " ms)");
        }
    }

    private final Map<String, Call> calls = new TreeMap<>();
    private final List<String> breaches = new ArrayList<>();
    private int rounds;

    /**
     * Runs {@code call}; its answer must be one of {@code allowed} within {@code maxMillis}. A right answer that came
     * too late is asked again at once: a part that really makes callers wait (a timeout on a dead service, a breaker
     * that does not open) is slow the second time too and is a breach; a single late answer on a starved machine
     * (every process of the stack on two cores) is recorded as "late once" instead, with its time.
     */
    public synchronized Response expect(String name, Supplier<Response> call, long maxMillis, int... allowed) {
        Response response = call.get();
        Call record = record(name, response);
        if (!allowedStatus(response, allowed)) {
            breaches.add(breach(name, maxMillis, allowed, response));
        } else if (response.millis() > maxMillis) {
            Response again = call.get();
            record(name, again);
            if (!allowedStatus(again, allowed) || again.millis() > maxMillis) {
                breaches.add(breach(name, maxMillis, allowed, response) + "; asked again: " + again);
            } else {
                record.lateOnce.add(response.millis());
            }
        }
        return response;
    }

    private Call record(String name, Response response) {
        Call record = calls.computeIfAbsent(name, Call::new);
        record.count++;
        record.statuses.merge(response.status(), 1, Integer::sum);
        record.slowestMillis = Math.max(record.slowestMillis, response.millis());
        return record;
    }

    private static boolean allowedStatus(Response response, int... allowed) {
        return java.util.Arrays.stream(allowed).anyMatch(s -> s == response.status());
    }

    private static String breach(String name, long maxMillis, int[] allowed, Response response) {
        return name + ": expected " + java.util.Arrays.toString(allowed) + " within " + maxMillis + " ms, got "
                + response;
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
