package dev.brew.contracts.order;

/**
 * The life of an order: placed (ORDERED), taken on by a barista (ACCEPTED), waiting at the counter (READY), handed
 * over (PICKED_UP); or ended early: refused by a barista (REJECTED), called off by the customer (CANCELLED), or
 * timed out (EXPIRED). An order stored before the counter steps existed, finished by {@link OrderCompleted}, reads as
 * PICKED_UP (docs/adr/0900-order-counter-steps.md).
 */
public enum OrderStatus {
    ORDERED,
    ACCEPTED,
    READY,
    PICKED_UP,
    REJECTED,
    CANCELLED,
    EXPIRED;

    /** Whether the order has left the counter for good. */
    public boolean isFinal() {
        return this == PICKED_UP || this == REJECTED || this == CANCELLED || this == EXPIRED;
    }

    /** Whether the order is still in the barista's queue (New, In progress, Ready). */
    public boolean isOpen() {
        return !isFinal();
    }
}
