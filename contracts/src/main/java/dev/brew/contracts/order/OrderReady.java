package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** The order is on the counter; {@code readyBy} is the barista's member id. */
@Revision("1")
public record OrderReady(String orderId, String readyBy, Instant readyAt) {
}
