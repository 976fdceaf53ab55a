package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/** A barista ({@code acceptedBy}, a member id) started making the order. */
@Revision("1")
public record OrderAccepted(String orderId, String acceptedBy, Instant acceptedAt) {
}
