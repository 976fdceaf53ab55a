package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A barista hands a READY order to the customer. */
public record HandOverOrder(@TargetAggregateIdentifier String orderId, Requester requester) {
}
