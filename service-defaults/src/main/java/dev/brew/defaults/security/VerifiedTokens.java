package dev.brew.defaults.security;

import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens this process has already decoded and validated, kept until they expire, so that a member's every request
 * does not pay the RSA signature check again (about a tenth of a request's CPU in a profile). Only a token that
 * passed the full decoder (signature, issuer, timestamps and any other validator) is kept, under its exact text; a
 * failed token is never kept, so it is checked again each time. An entry is answered only while its {@code exp} is
 * in the future, so a cached token never outlives its validity. The trust boundary is in ADR 0120.
 */
public final class VerifiedTokens {

    /** Enough for every member active within a token's lifetime on one instance; beyond it, expired ones go first. */
    static final int MAX_ENTRIES = 20_000;

    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();
    private final Clock clock;

    public VerifiedTokens(Clock clock) {
        this.clock = clock;
    }

    /** The token decoded earlier, if it was valid then and has not expired since. */
    public Jwt get(String token) {
        Jwt jwt = verified.get(token);
        if (jwt == null) {
            return null;
        }
        if (!clock.instant().isBefore(jwt.getExpiresAt())) {
            verified.remove(token, jwt);
            return null;
        }
        return jwt;
    }

    /** Keeps a token that passed the decoder; a token without an expiry is not kept (it would be kept forever). */
    public Jwt put(String token, Jwt jwt) {
        if (jwt.getExpiresAt() == null) {
            return jwt;
        }
        if (verified.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            verified.values().removeIf(entry -> !now.isBefore(entry.getExpiresAt()));
            if (verified.size() >= MAX_ENTRIES) {
                // Plain and bounded: more live tokens than this means a cold cache, not a wrong answer.
                verified.clear();
            }
        }
        verified.put(token, jwt);
        return jwt;
    }

    int size() {
        return verified.size();
    }
}
