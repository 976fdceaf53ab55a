package dev.brew.loyalty.domain;

import dev.brew.defaults.problem.Refusal;

/** No such reward for this member (another member's reward counts as unknown: its existence is not revealed). */
public class UnknownReward extends Refusal {

    public UnknownReward(String rewardId) {
        super(404, "reward-not-found", "rewardId", "You hold no reward " + rewardId);
    }
}
