package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The customer took the order; {@code handedOverBy} is the barista's member id. */
@Revision("1")
public record OrderPickedUp(String orderId, String handedOverBy, Instant pickedUpAt) {
}
