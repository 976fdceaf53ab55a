package dev.brew.loyalty.domain;

/** The life of a reward: issued AVAILABLE, RESERVED by one order, REDEEMED when that order is handed over. */
public enum RewardState {
    AVAILABLE,
    RESERVED,
    REDEEMED
}
