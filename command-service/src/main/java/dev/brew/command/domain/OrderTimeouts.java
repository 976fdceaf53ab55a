package dev.brew.command.domain;

import java.time.Duration;

/**
 * How long an order may wait: for a barista to accept it ({@code accept}, 10 minutes by default) and, once READY,
 * for its customer to pick it up ({@code pickup}, 60 minutes by default). Past either it EXPIRES.
 */
public record OrderTimeouts(Duration accept, Duration pickup) {

    public OrderTimeouts {
        if (accept == null || accept.isNegative() || accept.isZero() || pickup == null || pickup.isNegative()
                || pickup.isZero()) {
            throw new IllegalArgumentException("Order timeouts must be positive, not " + accept + " / " + pickup);
        }
    }
}
