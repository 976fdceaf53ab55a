package dev.brew.member.domain;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows password guessing without locking the rightful owner out. Three counts, each of failures only (an attempt
 * is counted up front, so parallel requests cannot slip through, and a success takes it back):
 * <ul>
 *     <li><b>per name and client address</b>: after {@code freeFailures} failures, each further attempt for that
 *     name from that address must wait a delay that doubles with every failure ({@code firstDelay}, 2×, 4× … up to
 *     {@code maxDelay}). This is what slows one guesser, and it never touches the owner signing in from elsewhere;
 *     a success resets it.</li>
 *     <li><b>per client address</b>, whatever the name: a token bucket against one place trying many names.</li>
 *     <li><b>per name</b>, whatever the address: a larger token bucket against guessing one password from many
 *     addresses. An address the name signed in from successfully within {@code rememberFor} is exempt, so the owner
 *     at a known place still gets in while it is empty.</li>
 * </ul>
 * A refusal answers with the time until the attempt would be allowed. In-process: with several instances each keeps
 * its own counts. Entries that have nothing left to remember are dropped by {@link #forgetIdle()}, which bounds the
 * memory by the recent failures and successes.
 */
public class SignInThrottle {

    private final Delays delays;
    private final Limit perName;
    private final Limit perAddress;
    private final Duration rememberFor;
    private final LongSupplier nanoTime;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Map<String, Bucket> names = new ConcurrentHashMap<>();
    private final Map<String, Bucket> addresses = new ConcurrentHashMap<>();
    /** name + address → when that address last signed in to that name. */
    private final Map<String, Long> knownAddresses = new ConcurrentHashMap<>();

    public SignInThrottle(Delays delays, Limit perName, Limit perAddress, Duration rememberFor,
                          LongSupplier nanoTime) {
        this.delays = delays;
        this.perName = perName;
        this.perAddress = perAddress;
        this.rememberFor = rememberFor;
        this.nanoTime = nanoTime;
    }

    /** Counts this attempt as a failure until {@link #succeeded} says otherwise, or answers how long to wait. */
    public Optional<Duration> tryAttempt(String nameKey, String address) {
        long now = nanoTime.getAsLong();
        Pair pair = pairs.computeIfAbsent(pairKey(nameKey, address), k -> new Pair());
        Optional<Duration> wait = pair.take(now, delays);
        if (wait.isPresent()) {
            return wait;
        }
        Bucket from = addresses.computeIfAbsent(address, k -> new Bucket(perAddress, now));
        wait = from.take(now);
        if (wait.isPresent()) {
            pair.undo();
            return wait;
        }
        if (!isKnown(nameKey, address, now)) {
            Bucket name = names.computeIfAbsent(nameKey, k -> new Bucket(perName, now));
            wait = name.take(now);
            if (wait.isPresent()) {
                pair.undo();
                from.giveBack();
            }
        }
        return wait;
    }

    /** A successful sign-in counts against nothing, resets the pair's delays and makes the address known. */
    public void succeeded(String nameKey, String address) {
        long now = nanoTime.getAsLong();
        boolean known = isKnown(nameKey, address, now);
        pairs.remove(pairKey(nameKey, address));
        giveBack(addresses.get(address));
        if (!known) {
            giveBack(names.get(nameKey));
        }
        knownAddresses.put(pairKey(nameKey, address), now);
    }

    /** The attempt could not be checked (our store is down): it counts against nothing. */
    public void abandoned(String nameKey, String address) {
        Pair pair = pairs.get(pairKey(nameKey, address));
        if (pair != null) {
            pair.undo();
        }
        giveBack(addresses.get(address));
        if (!isKnown(nameKey, address, nanoTime.getAsLong())) {
            giveBack(names.get(nameKey));
        }
    }

    public void forgetIdle() {
        long now = nanoTime.getAsLong();
        pairs.values().removeIf(p -> p.isIdle(now, delays));
        names.values().removeIf(b -> b.isFull(now));
        addresses.values().removeIf(b -> b.isFull(now));
        knownAddresses.values().removeIf(at -> now - at > rememberFor.toNanos());
    }

    int trackedKeys() {
        return pairs.size() + names.size() + addresses.size();
    }

    private boolean isKnown(String nameKey, String address, long now) {
        Long at = knownAddresses.get(pairKey(nameKey, address));
        return at != null && now - at <= rememberFor.toNanos();
    }

    private static void giveBack(Bucket bucket) {
        if (bucket != null) {
            bucket.giveBack();
        }
    }

    /** The NUL cannot occur in a name (MemberName refuses control characters) nor in an address. */
    private static String pairKey(String nameKey, String address) {
        return nameKey + '\0' + address;
    }

    /** {@code capacity} attempts at once, then one more every {@code refillEvery}. */
    public record Limit(int capacity, Duration refillEvery) {

        public Limit {
            if (capacity < 1 || refillEvery.isNegative() || refillEvery.isZero()) {
                throw new IllegalArgumentException("A limit needs a capacity ≥ 1 and a positive refill interval");
            }
        }
    }

    /** Failures of one name from one address: {@code freeFailures} at once, then waits of firstDelay × 2ⁿ. */
    public record Delays(int freeFailures, Duration firstDelay, Duration maxDelay) {

        public Delays {
            if (freeFailures < 1 || firstDelay.isNegative() || firstDelay.isZero()
                    || maxDelay.compareTo(firstDelay) < 0) {
                throw new IllegalArgumentException("Delays need ≥ 1 free failure and 0 < firstDelay ≤ maxDelay");
            }
        }

        /** The wait after the given number of failures (none until more than freeFailures-1). */
        long nanosAfter(int failures) {
            int beyond = failures - freeFailures;
            if (beyond < 0) {
                return 0;
            }
            long delay = firstDelay.toNanos() << Math.min(beyond, 40);
            return delay <= 0 || delay > maxDelay.toNanos() ? maxDelay.toNanos() : delay;
        }
    }

    private static final class Pair {

        private int failures;
        private long lastAttempt;
        private long previousAttempt;

        synchronized Optional<Duration> take(long now, Delays delays) {
            long allowedAt = lastAttempt + delays.nanosAfter(failures);
            if (failures >= delays.freeFailures() && now < allowedAt) {
                return Optional.of(seconds(allowedAt - now));
            }
            failures++;
            previousAttempt = lastAttempt;
            lastAttempt = now;
            return Optional.empty();
        }

        synchronized void undo() {
            if (failures > 0) {
                failures--;
                lastAttempt = previousAttempt;
            }
        }

        synchronized boolean isIdle(long now, Delays delays) {
            // Forgotten once twice the longest wait has passed since the last failure.
            return failures == 0 || now - lastAttempt > 2 * delays.maxDelay().toNanos();
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
            return Optional.of(seconds((long) Math.ceil((1 - tokens) * limit.refillEvery().toNanos())));
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

    /** Whole seconds, rounded up, at least one (what Retry-After can say). */
    private static Duration seconds(long nanos) {
        return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }
}
