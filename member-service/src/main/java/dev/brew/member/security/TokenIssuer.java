package dev.brew.member.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.brew.defaults.security.BrewJwt;
import dev.brew.member.domain.Member;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues Brew tokens: RS256, header {@code kid} = the signing key's thumbprint; claims {@code iss}, {@code aud} (the
 * audience every checker expects), {@code sub} (member id), {@code name}, {@code roles} (role names), {@code iat},
 * {@code exp} and a unique {@code jti}.
 */
public class TokenIssuer {

    private final RSAKey signingKey;
    private final NimbusJwtEncoder encoder;
    private final JwtProperties properties;
    private final Clock clock;
    private final String audience;

    public TokenIssuer(RSAKey signingKey, JwtProperties properties, String audience, Clock clock) {
        this.audience = audience;
        this.signingKey = signingKey;
        this.encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(signingKey)));
        this.properties = properties;
        this.clock = clock;
    }

    public IssuedToken issue(Member member) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(properties.ttl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(properties.issuer())
                .audience(List.of(audience))
                .subject(member.id())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .id(UUID.randomUUID().toString())
                .claim(BrewJwt.NAME_CLAIM, member.name())
                .claim(BrewJwt.ROLES_CLAIM, List.of(member.role().name()))
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(signingKey.getKeyID()).type("JWT").build();
        return new IssuedToken(encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue(), expiresAt);
    }

    /** The public keys as a JWKS document: only the public half ever leaves this class. */
    public Map<String, Object> jwks() {
        return new JWKSet(signingKey.toPublicJWK()).toJSONObject();
    }

    public record IssuedToken(String value, Instant expiresAt) {
    }
}
