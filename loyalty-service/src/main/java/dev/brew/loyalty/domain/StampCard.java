package dev.brew.loyalty.domain;

import java.time.Instant;
import java.util.List;

/**
 * What a member sees of their loyalty: stamps in all, progress to the next reward, and the rewards they hold.
 *
 * @param stamps   every stamp ever earned
 * @param progress stamps towards the next reward
 * @param redeemed rewards already used
 */
public record StampCard(String memberId, long stamps, int stampsPerReward, int progress, List<Reward> rewards,
                        int redeemed) {

    public StampCard {
        rewards = List.copyOf(rewards);
    }

    /** One reward the member holds: AVAILABLE to apply, or RESERVED by an order not handed over yet. */
    public record Reward(String rewardId, RewardState state, long cap, Instant issuedAt, String orderId,
                         boolean announced) {
    }
}
