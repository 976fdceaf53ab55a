package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * A barista handed the order over; {@code completedBy} is the barista's member id.
 *
 * <p>No longer emitted: orders are now handed over with {@link OrderPickedUp}. Events of this type already stored
 * keep their meaning and read as PICKED_UP everywhere (docs/adr/0900-order-counter-steps.md).
 */
@Revision("1")
public record OrderCompleted(String orderId, String completedBy, Instant completedAt) {
}
