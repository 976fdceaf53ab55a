package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A barista starts making an ORDERED order; from then on the customer can no longer cancel it. */
public record AcceptOrder(@TargetAggregateIdentifier String orderId, Requester requester) {
}
