package dev.brew.contracts.order;

import dev.brew.contracts.Requester;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A barista refuses an ORDERED or ACCEPTED order, saying why (an ingredient ran out, the machine broke down). */
public record RejectOrder(@TargetAggregateIdentifier String orderId, Requester requester, String reason) {
}
