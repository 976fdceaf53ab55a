package dev.brew.member.domain;

import dev.brew.defaults.problem.Refusal;

import java.time.Duration;

/** Sign-in is paused for this name or this client address; try again after {@code retryAfter}. */
public class TooManySignInAttempts extends Refusal {

    public TooManySignInAttempts(Duration retryAfter) {
        super(429, "too-many-attempts", "Too many sign-in attempts; try again in " + retryAfter.toSeconds() + " s");
        retryAfter(retryAfter);
        property("retryAfterSeconds", retryAfter.toSeconds());
    }
}
