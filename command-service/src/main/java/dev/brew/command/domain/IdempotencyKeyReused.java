package dev.brew.command.domain;

/** The member already used this idempotency key for a different order. */
public final class IdempotencyKeyReused extends OrderRejected {

    public IdempotencyKeyReused() {
        super("This Idempotency-Key was already used for a different order");
    }
}
