package dev.brew.command.web;

import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/orders/{id}/reject}: why the barista refuses the order (required, at most 200). */
public record OrderStepRequest(@Size(max = 200) String reason) {
}
