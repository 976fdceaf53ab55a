package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The order was called off before it was handed over. */
@Revision("1")
public record OrderCancelled(String orderId, String reason, Instant cancelledAt) {
}
