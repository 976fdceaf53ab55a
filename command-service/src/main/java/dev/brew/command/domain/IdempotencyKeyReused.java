package dev.brew.command.domain;

/** The member already used this idempotency key for a different order (422, about the header). */
public final class IdempotencyKeyReused extends OrderRejected {

    public IdempotencyKeyReused() {
        super(422, "idempotency-key-reused", "Idempotency-Key", "This Idempotency-Key was already used for a different order");
    }
}
