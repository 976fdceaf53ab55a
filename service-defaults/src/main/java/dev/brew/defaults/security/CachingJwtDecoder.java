package dev.brew.defaults.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** A servlet service's {@link JwtDecoder} with {@link VerifiedTokens} in front: one verification per token. */
public final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final VerifiedTokens verified;

    public CachingJwtDecoder(JwtDecoder delegate, VerifiedTokens verified) {
        this.delegate = delegate;
        this.verified = verified;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token);
        return jwt != null ? jwt : verified.put(token, delegate.decode(token));
    }
}
