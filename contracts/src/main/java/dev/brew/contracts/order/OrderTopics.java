package dev.brew.contracts.order;

/** Where order events travel between services. */
public final class OrderTopics {

    /** Every order event, keyed by order id so that one order's events stay in order; kept forever. */
    public static final String ORDER_EVENTS = "brew.order-events";

    private OrderTopics() {
    }
}
