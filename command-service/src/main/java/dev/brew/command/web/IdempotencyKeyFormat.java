package dev.brew.command.web;

import dev.brew.defaults.web.ProblemException;
import dev.brew.defaults.web.Problems;
import org.springframework.http.HttpStatus;

/** An idempotency key is 1 to 128 visible ASCII characters (a UUID, typically). */
final class IdempotencyKeyFormat {

    static final int MAX_LENGTH = 128;

    private IdempotencyKeyFormat() {
    }

    static void check(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH
                || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidIdempotencyKey();
        }
    }

    /** A 400 naming the header. */
    static final class InvalidIdempotencyKey extends ProblemException {
        InvalidIdempotencyKey() {
            super(Problems.forField(HttpStatus.BAD_REQUEST, "invalid-header", OrderCommandController.IDEMPOTENCY_KEY,
                    "The Idempotency-Key header must be 1 to " + MAX_LENGTH + " visible ASCII characters"), null);
        }
    }
}
