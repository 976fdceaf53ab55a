package dev.brew.command.web;

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

    static final class InvalidIdempotencyKey extends RuntimeException {
        InvalidIdempotencyKey() {
            super("The Idempotency-Key header must be 1 to " + MAX_LENGTH + " visible ASCII characters", null, false,
                    false);
        }
    }
}
