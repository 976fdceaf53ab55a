package dev.brew.command.domain;

/**
 * The requester may not even see this order (a member who did not place it): answered exactly like an unknown id
 * (404, word for word the answer to Axon's {@code AggregateNotFoundException}), as reading it is, so that neither
 * tells whether the id exists.
 */
public final class OrderHidden extends OrderRejected {

    public OrderHidden(String orderId) {
        super(404, "order-not-found", null, "No order with id " + orderId);
    }
}
