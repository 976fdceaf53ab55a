package dev.brew.command.domain;

/** The order as asked for breaks a rule (unknown drink, quantity, number of lines); {@code field} says where (422). */
public final class InvalidOrder extends OrderRejected {

    public InvalidOrder(String field, String message) {
        super(422, "invalid-order", field, message);
    }
}
