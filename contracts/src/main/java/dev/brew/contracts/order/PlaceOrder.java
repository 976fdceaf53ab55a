package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Place an order for the requester.
 *
 * @param orderId        chosen by the caller (derived from the idempotency key, so a retry names the same order)
 * @param idempotencyKey the client's key for this request
 * @param reward         a loyalty reward already reserved for this order, or null
 */
public record PlaceOrder(@TargetAggregateIdentifier String orderId,
                         Requester requester,
                         List<OrderLine> lines,
                         String idempotencyKey,
                         AppliedReward reward) {

    public PlaceOrder {
        lines = List.copyOf(lines);
    }

    /** An order without a reward. */
    public PlaceOrder(String orderId, Requester requester, List<OrderLine> lines, String idempotencyKey) {
        this(orderId, requester, lines, idempotencyKey, null);
    }
}
