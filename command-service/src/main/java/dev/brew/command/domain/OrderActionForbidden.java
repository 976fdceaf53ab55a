package dev.brew.command.domain;

/** The requester may not do this to this order (not the owner, or not a barista): 403. */
public final class OrderActionForbidden extends OrderRejected {

    public OrderActionForbidden(String message) {
        super(403, "forbidden", null, message);
    }
}
