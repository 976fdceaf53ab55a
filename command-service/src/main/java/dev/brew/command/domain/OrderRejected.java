package dev.brew.command.domain;

/** A rule of the order domain refused a command. The web layer maps each kind to its HTTP status. */
public abstract sealed class OrderRejected extends RuntimeException
        permits InvalidOrder, OrderNotOpen, OrderActionForbidden, OrderHidden, IdempotencyKeyReused,
        UnknownMember {

    protected OrderRejected(String message) {
        super(message, null, false, false);
    }
}
