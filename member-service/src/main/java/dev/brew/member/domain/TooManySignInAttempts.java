package dev.brew.member.domain;

import java.time.Duration;

/** Sign-in is paused for this name or this client address; try again after {@code retryAfter}. */
public class TooManySignInAttempts extends RuntimeException {

    private final Duration retryAfter;

    public TooManySignInAttempts(Duration retryAfter) {
        super("Too many sign-in attempts; try again in " + retryAfter.toSeconds() + " s", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
