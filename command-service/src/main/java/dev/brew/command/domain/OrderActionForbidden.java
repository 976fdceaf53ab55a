package dev.brew.command.domain;

/** The requester may not do this to this order (not the owner, or not a barista). */
public final class OrderActionForbidden extends OrderRejected {

    public OrderActionForbidden(String message) {
        super(message);
    }
}
