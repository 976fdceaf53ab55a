package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A barista hands the order over in one step, from any open state: the steps it skips are recorded as their own
 * events ({@link OrderAccepted}, {@link OrderReady}, then {@link OrderPickedUp}). Kept for the clients of
 * {@code POST /api/orders/{id}/complete} from before the counter steps (docs/adr/0900-order-counter-steps.md).
 */
public record CompleteOrder(@TargetAggregateIdentifier String orderId, Requester requester) {
}
