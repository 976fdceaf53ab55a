package dev.brew.loyalty.domain;

import java.util.List;

/**
 * One-tap suggestions: the member's usual drink (most ordered in orders handed over), and the drinks ordered most
 * across the café recently.
 */
public record Recommendations(Drink usual, List<Drink> popular) {

    public Recommendations {
        popular = List.copyOf(popular);
    }

    /** A drink and how many of it were ordered. */
    public record Drink(String menuCode, String name, long quantity) {
    }
}
