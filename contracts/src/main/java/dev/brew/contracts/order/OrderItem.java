package dev.brew.contracts.order;

/**
 * One line of a placed order, priced: the name and prices are those of the menu when the order was placed.
 *
 * @param unitPrice one drink with its options
 * @param options   how it is made (every option the drink takes), or null for a line placed before options existed
 * @param linePrice {@code unitPrice × quantity}
 */
public record OrderItem(String menuCode, String name, int quantity, long unitPrice, LineOptions options,
                        long linePrice) {

    /** A line without options (as placed before options existed). */
    public OrderItem(String menuCode, String name, int quantity, long unitPrice) {
        this(menuCode, name, quantity, unitPrice, null, unitPrice * quantity);
    }

    public long lineTotal() {
        return linePrice;
    }
}
