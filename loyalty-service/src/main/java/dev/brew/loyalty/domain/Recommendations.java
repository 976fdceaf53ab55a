package dev.brew.loyalty.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.brew.contracts.order.LineOptions;

import java.util.List;

/**
 * One-tap suggestions: the member's usual drink with its options (the drink made one way most ordered in orders
 * handed over, ADR 0904), and the drinks ordered most across the café recently (whatever their options).
 */
public record Recommendations(Drink usual, List<Drink> popular) {

    public Recommendations {
        popular = List.copyOf(popular);
    }

    /**
     * A drink and how many of it were ordered; for the usual, how it is made ({@code options}: null for the drink
     * made the default way, as its menu card starts).
     */
    public record Drink(String menuCode, String name, long quantity,
                        @JsonInclude(JsonInclude.Include.NON_NULL) LineOptions options) {

        public Drink(String menuCode, String name, long quantity) {
            this(menuCode, name, quantity, null);
        }
    }
}
