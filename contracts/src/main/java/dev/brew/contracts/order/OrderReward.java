package dev.brew.contracts.order;

/**
 * A loyalty reward applied to an order: which reward, and how much it took off the order's total.
 *
 * @param rewardId the reward, as loyalty-service names it
 * @param discount what it took off, in the menu's currency (the price of one drink, up to the reward's cap)
 */
public record OrderReward(String rewardId, long discount) {
}
