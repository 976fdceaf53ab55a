package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A barista hands the order over. */
public record CompleteOrder(@TargetAggregateIdentifier String orderId, Requester requester) {
}
