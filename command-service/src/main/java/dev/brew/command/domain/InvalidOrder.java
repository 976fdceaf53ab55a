package dev.brew.command.domain;

/** The order as asked for breaks a rule (unknown drink, quantity, number of lines); {@code field} says where. */
public final class InvalidOrder extends OrderRejected {

    private final String field;

    public InvalidOrder(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
