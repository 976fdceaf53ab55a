package dev.brew.command.domain;

/** What a customer learns when an order is accepted: its id and the number the barista will call out. */
public record OrderAccepted(String orderId, int orderNumber) {
}
