package dev.brew.defaults.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static Jwt jwt(String token, Instant expires) {
        return Jwt.withTokenValue(token).header("alg", "RS256").subject("member-1")
                .issuedAt(expires.minus(Duration.ofMinutes(15))).expiresAt(expires).build();
    }

    @Test
    void aValidTokenIsVerifiedOnceUntilItExpires() {
        AtomicInteger decoded = new AtomicInteger();
        Clock[] clock = {Clock.fixed(NOW, ZoneOffset.UTC)};
        VerifiedTokens verified = new VerifiedTokens(new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public Instant instant() {
                return clock[0].instant();
            }
        });
        JwtDecoder decoder = new CachingJwtDecoder(token -> {
            decoded.incrementAndGet();
            return jwt(token, NOW.plusSeconds(60));
        }, verified);

        decoder.decode("a");
        decoder.decode("a");
        assertThat(decoded).hasValue(1);
        decoder.decode("b");
        assertThat(decoded).hasValue(2);

        clock[0] = Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC);
        assertThat(verified.get("a")).as("expired").isNull();
        decoder.decode("a");
        assertThat(decoded).hasValue(3);
    }

    @Test
    void aRefusedTokenIsCheckedAgainEveryTime() {
        AtomicInteger decoded = new AtomicInteger();
        JwtDecoder decoder = new CachingJwtDecoder(token -> {
            decoded.incrementAndGet();
            throw new BadJwtException("bad signature");
        }, new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC)));

        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(decoded).hasValue(2);
    }

    @Test
    void theCacheStaysBounded() {
        VerifiedTokens verified = new VerifiedTokens(Clock.fixed(NOW, ZoneOffset.UTC));
        for (int i = 0; i < VerifiedTokens.MAX_ENTRIES + 10; i++) {
            verified.put("t" + i, jwt("t" + i, NOW.plusSeconds(60)));
        }
        assertThat(verified.size()).isLessThanOrEqualTo(VerifiedTokens.MAX_ENTRIES);
        assertThat(verified.get("t" + (VerifiedTokens.MAX_ENTRIES + 9))).isNotNull();
    }
}
