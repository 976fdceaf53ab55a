package dev.brew.command.domain;

import java.util.Optional;

/**
 * Remembers which order each (member, idempotency key) produced, in the same transaction as the order's events, so
 * a retried request gets the first answer and never a second order.
 */
public interface IdempotencyKeys {

    /**
     * Claims the key for a new order. Returns empty when the key is new (the caller goes on to place the order), or
     * the order that an earlier request with this key produced. A concurrent claim of the same key waits for the
     * first one's transaction and then sees its result.
     */
    Optional<Earlier> claim(String memberId, String key, String requestHash, String orderId);

    /** Records the number given to the order of a claimed key. */
    void complete(String memberId, String key, int orderNumber);

    record Earlier(String requestHash, String orderId, int orderNumber) {
    }
}
