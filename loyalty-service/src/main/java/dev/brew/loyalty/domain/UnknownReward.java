package dev.brew.loyalty.domain;

/** No such reward for this member (another member's reward counts as unknown: its existence is not revealed). */
public class UnknownReward extends RuntimeException {

    public UnknownReward(String rewardId) {
        super("You hold no reward " + rewardId, null, false, false);
    }
}
