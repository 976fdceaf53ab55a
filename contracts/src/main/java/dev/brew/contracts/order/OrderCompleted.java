package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A barista handed the order over; {@code completedBy} is the barista's member id. */
@Revision("1")
public record OrderCompleted(String orderId, String completedBy, Instant completedAt) {
}
