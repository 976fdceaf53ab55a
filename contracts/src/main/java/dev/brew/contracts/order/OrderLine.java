package dev.brew.contracts.order;

/** One line of an order as the customer asks for it: which drink, how many, and how it is made (null: defaults). */
public record OrderLine(String menuCode, int quantity, LineOptions options) {

    /** A line of the drink as the menu makes it by default. */
    public OrderLine(String menuCode, int quantity) {
        this(menuCode, quantity, null);
    }
}
