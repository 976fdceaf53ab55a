package dev.brew.gateway.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One token bucket per caller: {@code capacity} calls at once, refilled at {@code refillPerSecond}. Idle buckets are
 * dropped after ten minutes (a dropped bucket comes back full, which is what an idle caller would have anyway), and
 * the number of buckets is bounded so a flood of addresses cannot exhaust memory.
 */
public final class TokenBuckets {

    private final double capacity;
    private final double refillPerNano;
    private final LongSupplier nanoClock;
    private final Cache<String, Bucket> buckets;

    public TokenBuckets(int capacity, double refillPerSecond, LongSupplier nanoClock) {
        if (capacity < 1 || refillPerSecond <= 0) {
            throw new IllegalArgumentException("A rate limit needs capacity >= 1 and refill > 0");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.nanoClock = nanoClock;
        this.buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(200_000).build();
    }

    /** Takes one token for the caller; answers zero if it was there, else how long until one will be. */
    public Duration take(String caller) {
        Bucket bucket = buckets.get(caller, k -> new Bucket(capacity, nanoClock.getAsLong()));
        long waitNanos = bucket.take(nanoClock.getAsLong());
        return Duration.ofNanos(waitNanos);
    }

    private final class Bucket {

        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - updated) * refillPerNano);
            updated = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / refillPerNano);
        }
    }
}
