package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A barista ({@code rejectedBy}) refused the order before it was ready, for {@code reason}. */
@Revision("1")
public record OrderRejected(String orderId, String rejectedBy, String reason, Instant rejectedAt) {
}
