package dev.brew.gateway.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong();
    private final TokenBuckets buckets = new TokenBuckets(3, 2, now::get);

    @Test
    void aBurstUpToCapacityPassesThenTheCallerWaitsForTheRefill() {
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isZero();

        assertThat(buckets.take("a")).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(buckets.take("a")).isZero();
        assertThat(buckets.take("a")).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void callersHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }

        assertThat(buckets.take("a")).isPositive();
        assertThat(buckets.take("b")).isZero();
    }

    @Test
    void anIdleCallerRefillsOnlyUpToCapacity() {
        for (int i = 0; i < 3; i++) {
            buckets.take("a");
        }
        now.addAndGet(Duration.ofHours(1).toNanos());

        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("a")).isZero();
        }
        assertThat(buckets.take("a")).isPositive();
    }
}
