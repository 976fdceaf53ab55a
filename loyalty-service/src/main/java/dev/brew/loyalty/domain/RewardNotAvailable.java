package dev.brew.loyalty.domain;

/** The reward exists but is used, or held by another order. */
public class RewardNotAvailable extends RuntimeException {

    public RewardNotAvailable(String rewardId) {
        super("Reward " + rewardId + " is already used or held by another order", null, false, false);
    }
}
