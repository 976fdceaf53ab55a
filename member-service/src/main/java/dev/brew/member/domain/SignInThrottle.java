package dev.brew.member.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing with two token buckets per attempt: one per (lower-cased) name, against guessing one
 * member's password from many addresses, and one per client address, against trying many names from one place.
 * Every attempt takes a token from both up front (so parallel requests cannot slip through); a successful sign-in
 * gives both back, so only failures count. An empty bucket answers with the time until it holds a token again.
 *
 * <p>In-process: with several instances each keeps its own counts, so the effective limit is per instance. Buckets
 * that have refilled are dropped by {@link #forgetIdle()}, which bounds the memory by the recent failures.
 */
public class SignInThrottle {

    private final Limit perName;
    private final Limit perAddress;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> names = new ConcurrentHashMap<>();
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();

    public SignInThrottle(Limit perName, Limit perAddress, LongSupplier nanoTime) {
        this.perName = perName;
        this.perAddress = perAddress;
        this.nanoTime = nanoTime;
    }

    /** Takes a token for this attempt, or answers how long the caller must wait. */
    public Optional<Duration> tryAttempt(String nameKey, String address) {
        long now = nanoTime.getAsLong();
        Bucket name = names.computeIfAbsent(nameKey, k -> new Bucket(perName, now));
        Bucket from = addresses.computeIfAbsent(address, k -> new Bucket(perAddress, now));
        Optional<Duration> wait = name.take(now);
        if (wait.isPresent()) {
            return wait;
        }
        wait = from.take(now);
        if (wait.isPresent()) {
            name.giveBack();
        }
        return wait;
    }

    /** A successful sign-in does not count against either limit. */
    public void succeeded(String nameKey, String address) {
        Bucket name = names.get(nameKey);
        if (name != null) {
            name.giveBack();
        }
        Bucket from = addresses.get(address);
        if (from != null) {
            from.giveBack();
        }
    }

    public void forgetIdle() {
        long now = nanoTime.getAsLong();
        names.values().removeIf(b -> b.isFull(now));
        addresses.values().removeIf(b -> b.isFull(now));
    }

    int trackedKeys() {
        return names.size() + addresses.size();
    }

    /** {@code capacity} attempts at once, then one more every {@code refillEvery}. */
    public record Limit(int capacity, Duration refillEvery) {

        public Limit {
            if (capacity < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
                throw new IllegalArgumentException("A limit needs a capacity ≥ 1 and a positive refill interval");
            }
        }
    }

    private static final class Bucket {

        private final Limit limit;
        private double tokens;
        private long updated;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.capacity();
            this.updated = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            long nanos = (long) Math.ceil((1 - tokens) * limit.refillEvery().toNanos());
            return Optional.of(Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L)));
        }

        synchronized void giveBack() {
            tokens = Math.min(limit.capacity(), tokens + 1);
        }

        synchronized boolean isFull(long now) {
            refill(now);
            return tokens >= limit.capacity();
        }

        private void refill(long now) {
            double added = (double) (now - updated) / limit.refillEvery().toNanos();
            tokens = Math.min(limit.capacity(), tokens + added);
            updated = now;
        }
    }
}
