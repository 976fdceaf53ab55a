package dev.brew.loyalty.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoyaltyRulesTest {

    final LoyaltyRules rules = new LoyaltyRules(12, 6000, Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofMinutes(10));

    @Test
    void a_stamp_per_drink_and_none_for_the_drink_a_reward_paid_for() {
        assertThat(rules.stampsFor(3, false)).isEqualTo(3);
        assertThat(rules.stampsFor(3, true)).isEqualTo(2);
        assertThat(rules.stampsFor(1, true)).isZero();
    }

    @Test
    void every_twelve_stamps_earn_one_reward() {
        assertThat(rules.rewardsEarned(11)).isZero();
        assertThat(rules.rewardsEarned(12)).isEqualTo(1);
        assertThat(rules.rewardsEarned(35)).isEqualTo(2);
        assertThat(rules.progress(35)).isEqualTo(11);
        assertThat(rules.progress(36)).isZero();
    }

    @Test
    void reward_ids_are_derived_so_a_replay_names_the_same_rewards() {
        assertThat(LoyaltyRules.rewardId("m-1", 1)).isEqualTo(LoyaltyRules.rewardId("m-1", 1))
                .isNotEqualTo(LoyaltyRules.rewardId("m-1", 2)).isNotEqualTo(LoyaltyRules.rewardId("m-2", 1));
    }

    @Test
    void a_card_of_no_stamps_is_refused() {
        assertThatThrownBy(() -> new LoyaltyRules(0, 6000, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
