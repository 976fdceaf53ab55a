package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Place an order for the requester.
 *
 * @param orderId        chosen by the caller (derived from the idempotency key, so a retry names the same order)
 * @param idempotencyKey the client's key for this request
 */
public record PlaceOrder(@TargetAggregateIdentifier String orderId,
                         Requester requester,
                         List<OrderLine> lines,
                         String idempotencyKey) {

    public PlaceOrder {
        lines = List.copyOf(lines);
    }
}
