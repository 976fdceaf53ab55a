package dev.brew.member.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {

    final AtomicLong now = new AtomicLong();
    final SignInThrottle throttle = new SignInThrottle(
            new SignInThrottle.Delays(3, Duration.ofSeconds(1), Duration.ofSeconds(8)),
            new SignInThrottle.Limit(10, Duration.ofSeconds(60)),
            new SignInThrottle.Limit(20, Duration.ofSeconds(10)),
            Duration.ofDays(30),
            now::get);

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void one_name_from_one_address_waits_longer_after_each_failure_up_to_the_longest_wait() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("barista", "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.tryAttempt("barista", "10.0.0.1")).contains(Duration.ofSeconds(1));
        for (long expected : new long[] {2, 4, 8, 8, 8}) {
            advance(Duration.ofMillis(500));
            assertThat(throttle.tryAttempt("barista", "10.0.0.1")).as("still waiting").isPresent();
            advance(throttle.tryAttempt("barista", "10.0.0.1").orElseThrow());
            assertThat(throttle.tryAttempt("barista", "10.0.0.1")).as("after the wait").isEmpty();
            assertThat(throttle.tryAttempt("barista", "10.0.0.1")).contains(Duration.ofSeconds(expected));
        }
    }

    @Test
    void the_owner_from_another_address_is_never_held_up_by_a_guesser() {
        for (int i = 0; i < 50; i++) {
            throttle.tryAttempt("barista", "10.6.6.6");
            advance(Duration.ofMillis(100));
        }
        assertThat(throttle.tryAttempt("barista", "10.6.6.6")).isPresent();

        assertThat(throttle.tryAttempt("barista", "10.0.0.7")).isEmpty();
        throttle.succeeded("barista", "10.0.0.7");
    }

    @Test
    void a_success_resets_the_delays_of_its_address() {
        for (int i = 0; i < 3; i++) {
            throttle.tryAttempt("ann", "10.0.0.1");
        }
        advance(Duration.ofSeconds(1));
        assertThat(throttle.tryAttempt("ann", "10.0.0.1")).isEmpty();
        throttle.succeeded("ann", "10.0.0.1");
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.tryAttempt("ann", "10.0.0.1")).isEmpty();
        }
    }

    @Test
    void a_guess_spread_over_many_addresses_is_paused_except_for_addresses_the_owner_signed_in_from() {
        assertThat(throttle.tryAttempt("ann", "10.0.0.1")).isEmpty();
        throttle.succeeded("ann", "10.0.0.1");
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.tryAttempt("ann", "10.9.0." + i)).isEmpty();
        }

        assertThat(throttle.tryAttempt("ann", "10.9.1.1")).contains(Duration.ofSeconds(60));
        assertThat(throttle.tryAttempt("ann", "10.0.0.1")).as("the owner's known address").isEmpty();
        throttle.succeeded("ann", "10.0.0.1");

        advance(Duration.ofDays(31));
        throttle.forgetIdle();
        for (int i = 0; i < 10; i++) {
            throttle.tryAttempt("ann", "10.8.0." + i);
        }
        assertThat(throttle.tryAttempt("ann", "10.0.0.1")).as("known no longer after remember-for").isPresent();
    }

    @Test
    void an_address_is_paused_across_names_and_a_refused_attempt_counts_for_nothing_else() {
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.tryAttempt("name" + i, "10.0.0.1")).isEmpty();
        }
        assertThat(throttle.tryAttempt("victim", "10.0.0.1")).contains(Duration.ofSeconds(10));
        assertThat(throttle.tryAttempt("victim", "10.0.0.1")).isPresent();
        // Neither the victim's name count nor its pair count moved: from elsewhere, all attempts remain.
        for (int i = 0; i < 9; i++) {
            assertThat(throttle.tryAttempt("victim", "10.0.1." + i)).isEmpty();
        }
        advance(Duration.ofSeconds(10));
        assertThat(throttle.tryAttempt("victim", "10.0.0.1")).as("name and pair untouched by the refusals").isEmpty();
    }

    @Test
    void successes_and_abandoned_attempts_count_for_nothing() {
        for (int i = 0; i < 30; i++) {
            assertThat(throttle.tryAttempt("ann", "10.0.0.1")).isEmpty();
            if (i % 2 == 0) {
                throttle.succeeded("ann", "10.0.0.1");
            } else {
                throttle.abandoned("ann", "10.0.0.1");
            }
        }
    }

    @Test
    void what_has_nothing_left_to_say_is_forgotten() {
        throttle.tryAttempt("ann", "10.0.0.1");
        assertThat(throttle.trackedKeys()).isEqualTo(3);
        throttle.forgetIdle();
        assertThat(throttle.trackedKeys()).isEqualTo(3);

        advance(Duration.ofSeconds(60));
        throttle.forgetIdle();
        assertThat(throttle.trackedKeys()).isZero();
        Optional<Duration> fresh = throttle.tryAttempt("ann", "10.0.0.1");
        assertThat(fresh).isEmpty();
    }
}
