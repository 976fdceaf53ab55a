package dev.brew.command.domain;

import dev.brew.contracts.order.OrderStatus;

/**
 * The payload of an order's deadline: the state the order must still be in for it to expire. Stored with the
 * deadline in PostgreSQL (docs/adr/0901-persistent-order-deadlines.md).
 */
public record OrderDeadline(OrderStatus expiresWhile) {
}
