package dev.brew.member.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    final AtomicLong now = new AtomicLong();
    final SignInThrottle throttle = new SignInThrottle(
            new SignInThrottle.Limit(3, Duration.ofSeconds(60)),
            new SignInThrottle.Limit(5, Duration.ofSeconds(10)),
            now::get);

    @Test
    void a_name_is_paused_after_its_capacity_and_refills_one_per_interval() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("ann", "a" + i)).isEmpty();
        }
        assertThat(throttle.tryAttempt("ann", "a9")).contains(Duration.ofSeconds(60));

        now.addAndGet(Duration.ofSeconds(45).toNanos());
        assertThat(throttle.tryAttempt("ann", "a9")).contains(Duration.ofSeconds(15));

        now.addAndGet(Duration.ofSeconds(15).toNanos());
        assertThat(throttle.tryAttempt("ann", "a9")).isEmpty();
        assertThat(throttle.tryAttempt("ann", "a9")).isPresent();
    }

    @Test
    void an_address_is_paused_across_names_and_a_refused_attempt_costs_the_name_nothing() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.tryAttempt("name" + i, "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.tryAttempt("victim", "10.0.0.1")).contains(Duration.ofSeconds(10));
        assertThat(throttle.tryAttempt("victim", "10.0.0.1")).isPresent();
        // The victim's own bucket was given back each time: from elsewhere, all three attempts remain.
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("victim", "10.0.0." + (10 + i))).isEmpty();
        }
    }

    @Test
    void successes_give_their_tokens_back() {
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.tryAttempt("ann", "10.0.0.1")).isEmpty();
            throttle.succeeded("ann", "10.0.0.1");
        }
    }

    @Test
    void refilled_buckets_are_forgotten() {
        throttle.tryAttempt("ann", "10.0.0.1");
        assertThat(throttle.trackedKeys()).isEqualTo(2);
        throttle.forgetIdle();
        assertThat(throttle.trackedKeys()).isEqualTo(2);

        now.addAndGet(Duration.ofSeconds(60).toNanos());
        throttle.forgetIdle();
        assertThat(throttle.trackedKeys()).isZero();
        Optional<Duration> fresh = throttle.tryAttempt("ann", "10.0.0.1");
        assertThat(fresh).isEmpty();
    }
}
