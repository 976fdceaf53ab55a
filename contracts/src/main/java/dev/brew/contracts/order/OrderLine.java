package dev.brew.contracts.order;

/** One line of an order as the customer asks for it: which drink and how many. */
public record OrderLine(String menuCode, int quantity) {
}
