package dev.brew.loyalty.domain;

/** A reward held for one order; the order may take off the price of one drink, up to {@code cap}. */
public record RewardReservation(String rewardId, String orderId, long cap) {
}
