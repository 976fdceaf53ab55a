package dev.brew.command.domain;

/**
 * The requester may not even see this order (a member who did not place it): answered exactly like an unknown id,
 * as reading it is, so that neither tells whether the id exists.
 */
public final class OrderHidden extends OrderRejected {

    private final String orderId;

    public OrderHidden(String orderId) {
        super("No order with id " + orderId);
        this.orderId = orderId;
    }

    public String orderId() {
        return orderId;
    }
}
