package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;

/**
 * The order timed out: {@code expiredWhile} is ORDERED (no barista accepted it in time) or READY (nobody picked it
 * up in time).
 */
@Revision("1")
public record OrderExpired(String orderId, OrderStatus expiredWhile, Instant expiredAt) {
}
