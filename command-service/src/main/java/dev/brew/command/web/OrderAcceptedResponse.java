package dev.brew.command.web;

import dev.brew.contracts.order.OrderStatus;

/** The 202 answer: the order is taken; its status is followed on the query side. */
public record OrderAcceptedResponse(String orderId, int orderNumber, OrderStatus status) {
}
