package dev.brew.contracts.order;

/** The life of an order: placed (ORDERED), then either handed over (DONE) or called off (CANCELLED). */
public enum OrderStatus {
    ORDERED,
    DONE,
    CANCELLED
}
