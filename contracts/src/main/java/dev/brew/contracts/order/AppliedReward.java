package dev.brew.contracts.order;

/**
 * A reward loyalty-service has reserved for one order: the order may take off the price of one of its drinks, up to
 * {@code cap}.
 */
public record AppliedReward(String rewardId, long cap) {
}
