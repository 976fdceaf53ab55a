package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The member who placed the order calls it off while it is still ORDERED. */
public record CancelOrder(@TargetAggregateIdentifier String orderId, Requester requester, String reason) {
}
