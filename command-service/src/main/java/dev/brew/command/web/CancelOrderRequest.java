package dev.brew.command.web;

import jakarta.validation.constraints.Size;

/** The optional body of {@code POST /api/orders/{id}/cancel}. */
public record CancelOrderRequest(@Size(max = 200) String reason) {
}
