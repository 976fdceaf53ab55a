package dev.brew.member.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How member-service signs tokens. Key sources, first match wins: {@code privateKey} (+ optional {@code publicKey})
 * PEM files; else {@code keyDir}, where a pair is generated on first start and reused after; else an ephemeral key
 * made at start-up (tokens die with the process; for tests and a quick local run only).
 *
 * @param issuer     the {@code iss} claim every service checks
 * @param ttl        how long a token is valid
 * @param privateKey path of a PKCS#8 PEM RSA private key ({@code -----BEGIN PRIVATE KEY-----}), or blank
 * @param publicKey  path of the matching X.509 PEM public key ({@code -----BEGIN PUBLIC KEY-----}), or blank
 * @param keyDir     a directory holding {@code jwt-private.pem} and {@code jwt-public.pem}, or blank
 */
@ConfigurationProperties("brew.jwt")
public record JwtProperties(
        @DefaultValue("http://member-service") String issuer,
        @DefaultValue("15m") Duration ttl,
        String privateKey,
        String publicKey,
        String keyDir) {

    public JwtProperties {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("brew.jwt.ttl must be between 1 s and 24 h, not " + ttl);
        }
    }
}
