package dev.brew.command.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST /api/orders}; {@code rewardId} (optional) applies one of the member's loyalty rewards. Only the shape is checked here; the order rules (known drinks, quantities,
 * number of lines) belong to the Order aggregate and answer 422. The member comes from the token, never from here.
 */
public record PlaceOrderRequest(@NotNull List<@NotNull @Valid Line> items, @Size(min = 1, max = 64) String rewardId) {

    /** {@code options} may be left out (the drink as the menu makes it by default), or any of its fields. */
    public record Line(@NotBlank @Size(max = 64) String menuCode, @NotNull Integer quantity, @Valid Options options) {
    }

    /** Checked against the menu by the Order aggregate (422 naming e.g. {@code items[0].options.size}). */
    public record Options(@Size(max = 32) String size, @Size(max = 32) String temperature, Integer extraShots,
                          @Size(max = 32) String milk, @Size(max = 32) String syrup) {
    }
}
