package dev.brew.loyalty.domain;

import dev.brew.defaults.problem.Refusal;

/** The reward exists but is used, or held by another order. */
public class RewardNotAvailable extends Refusal {

    public RewardNotAvailable(String rewardId) {
        super(409, "reward-not-available", "rewardId",
                "Reward " + rewardId + " is already used or held by another order");
    }
}
