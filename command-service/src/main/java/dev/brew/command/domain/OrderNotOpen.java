package dev.brew.command.domain;

import dev.brew.contracts.order.OrderStatus;

/** Only an ORDERED order can be completed or cancelled. */
public final class OrderNotOpen extends OrderRejected {

    private final OrderStatus status;

    public OrderNotOpen(String orderId, OrderStatus status) {
        super("Order " + orderId + " is " + status + ", not ORDERED");
        this.status = status;
    }

    public OrderStatus status() {
        return status;
    }
}
