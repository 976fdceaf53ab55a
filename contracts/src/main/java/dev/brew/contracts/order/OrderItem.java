package dev.brew.contracts.order;

/** One line of a placed order, priced: the name and unit price are those of the menu when the order was placed. */
public record OrderItem(String menuCode, String name, int quantity, long unitPrice) {

    public long lineTotal() {
        return unitPrice * quantity;
    }
}
