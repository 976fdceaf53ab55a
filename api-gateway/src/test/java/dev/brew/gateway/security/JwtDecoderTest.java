package dev.brew.gateway.security;

import dev.brew.testing.TestJwtIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The decoder the gateway uses, against a real issuer: good tokens pass, bad ones are "bad tokens" (401), and a
 * key endpoint that was never reachable is a service problem (503), not the caller's fault.
 */
class JwtDecoderTest {

    private static final TestJwtIssuer ISSUER = new TestJwtIssuer();

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    @Test
    void aValidTokenDecodesWithItsClaims() {
        Jwt jwt = decoder(ISSUER.jwksUri()).decode(ISSUER.token("m-1", "Ann", "MEMBER")).block();

        assertThat(jwt.getSubject()).isEqualTo("m-1");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("MEMBER");
    }

    @Test
    void anotherIssuerIsABadToken() {
        ReactiveJwtDecoder decoder = decoder(ISSUER.jwksUri(), "http://someone-else");

        assertThatThrownBy(() -> decoder.decode(ISSUER.token("m-1", "Ann", "MEMBER")).block())
                .isInstanceOf(BadJwtException.class);
    }

    /** Issue 21: the gateway let tokens without exp through, and those without sub reached the services. */
    @Test
    void aTokenWithoutExpOrSubOrForAnotherAudienceIsABadToken() {
        ReactiveJwtDecoder decoder = decoder(ISSUER.jwksUri());
        for (var claims : java.util.List.of(
                TestJwtIssuer.claims("m-1", "Ann", "MEMBER").expirationTime(null).build(),
                TestJwtIssuer.claims("m-1", "Ann", "MEMBER").subject(null).build(),
                TestJwtIssuer.claims("m-1", "Ann", "MEMBER").audience((String) null).build(),
                TestJwtIssuer.claims("m-1", "Ann", "MEMBER").audience("another-app").build())) {
            assertThatThrownBy(() -> decoder.decode(ISSUER.sign(claims)).block()).as(claims.toString())
                    .isInstanceOf(BadJwtException.class);
        }
    }

    @Test
    void keysThatCannotBeFetchedAtAllAreNotABadToken() {
        ReactiveJwtDecoder decoder = decoder("http://127.0.0.1:" + dev.brew.testing.Ports.free() + "/jwks.json");

        assertThatThrownBy(() -> decoder.decode(ISSUER.token("m-1", "Ann", "MEMBER")).block())
                .isInstanceOf(JwtException.class)
                .isNotInstanceOf(BadJwtException.class);
    }

    private static ReactiveJwtDecoder decoder(String jwksUri) {
        return decoder(jwksUri, TestJwtIssuer.ISSUER);
    }

    private static ReactiveJwtDecoder decoder(String jwksUri, String issuer) {
        OAuth2ResourceServerProperties properties = new OAuth2ResourceServerProperties();
        properties.getJwt().setJwkSetUri(jwksUri);
        properties.getJwt().setIssuerUri(issuer);
        JwksCache cache = new JwksCache(WebClient.create(), URI.create(jwksUri), Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofSeconds(2), Clock.systemUTC());
        return new SecurityConfiguration().jwtDecoder(properties, cache, TestJwtIssuer.AUDIENCE);
    }
}
