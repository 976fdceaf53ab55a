package dev.brew.loyalty.domain;

/**
 * A reward held for one order; the order may take off the price of one drink, up to {@code cap}. {@code repeat} is
 * true when this order already held it (a retry): only the call that made the hold may give it back if placing the
 * order fails (ADR 0802).
 */
public record RewardReservation(String rewardId, String orderId, long cap, boolean repeat) {
}
