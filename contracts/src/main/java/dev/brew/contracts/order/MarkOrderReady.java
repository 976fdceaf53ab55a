package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A barista puts an ACCEPTED order on the counter: the customer is told to come and get it. */
public record MarkOrderReady(@TargetAggregateIdentifier String orderId, Requester requester) {
}
