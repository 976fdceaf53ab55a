package dev.brew.defaults.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;

/**
 * The services' token decoder. Tokens are RS256, signed by member-service, whose public keys come from its JWKS
 * endpoint. docs/spec.md promises that issued tokens stay valid while member-service is down, so the key set is kept
 * like this:
 * <ul>
 *     <li>cached for {@code brew.security.jwks-time-to-live} (5 min), then fetched again;</li>
 *     <li>when that fetch fails the last good key set goes on answering, for as long as the outage lasts (Spring's
 *     default decoder forgets it and every token becomes a 500 after five minutes of member-service down);</li>
 *     <li>an unknown key id (a rotation) fetches at once, at most every 30 s (or half the cache's life if shorter), so tokens with
 *     made-up key ids cannot flood member-service;</li>
 *     <li>member-service must answer within 1 s to connect and 2 s to read, so a hanging member-service holds no
 *     request for long.</li>
 * </ul>
 * The set is fetched once at start ({@link IssuerKeys}). Only when no key set was ever fetched does a token fail for
 * want of keys: a 503 problem ({@link ProblemAuthenticationHandlers}), never a 500, never a 401 for a token that may
 * well be good.
 */
final class OutageTolerantJwtDecoder {

    private OutageTolerantJwtDecoder() {
    }

    /** The issuer's key set at {@code jwkSetUri}, kept as the class comment says. */
    static JWKSource<SecurityContext> keys(String jwkSetUri, Duration timeToLive) {
        long ttl = timeToLive.toMillis();
        try {
            return JWKSourceBuilder.<SecurityContext>create(URI.create(jwkSetUri).toURL(),
                            new DefaultResourceRetriever(1_000, 2_000, 256 * 1024))
                    .cache(ttl, Math.min(3_000, ttl / 2))
                    // Refreshed in the background 30 s before it expires, so no request waits for member-service.
                    .refreshAheadCache(ttl >= 60_000)
                    .rateLimited(Math.min(30_000, ttl / 2))
                    .outageTolerantForever()
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a URL: " + jwkSetUri, e);
        }
    }

    static JwtDecoder create(JWKSource<SecurityContext> keys, String issuer, String audience) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        // Claims (expiry, issuer, subject, audience) are checked by Brew's validator below.
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(BrewJwt.validator(issuer, audience));
        return decoder;
    }
}
