package dev.brew.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.exchange.RequestIdFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The session cookie's life: set from a successful sign-in answer passing through, cleared at sign-out. It is
 * HttpOnly (page scripts cannot read it), SameSite=Strict (never sent by another site's page), limited to
 * {@code /api}, and lives exactly as long as the token inside it. {@code Secure} is on unless the local profile
 * turns it off for plain-HTTP localhost.
 */
@Component
public class SessionCookies {

    private static final Logger LOG = LoggerFactory.getLogger(SessionCookies.class);
    static final String PATH = "/api";

    private final ObjectMapper objectMapper;
    private final GatewayProperties.Session session;

    public SessionCookies(ObjectMapper objectMapper, GatewayProperties properties) {
        this.objectMapper = objectMapper;
        this.session = properties.session();
    }

    /** Reads the sign-in answer on its way to the caller and, if it carries a token, sets the cookie too. */
    public Mono<String> onSignIn(ServerWebExchange exchange, String body) {
        if (body == null) {
            return Mono.empty();
        }
        if (exchange.getResponse().getStatusCode() == HttpStatus.OK) {
            try {
                JsonNode token = objectMapper.readTree(body).path("token");
                if (token.isTextual() && !token.asText().isBlank()) {
                    exchange.getResponse().addCookie(cookie(token.asText()));
                }
            } catch (IOException e) {
                RequestIdFilter.logging(exchange, () -> LOG.warn("Sign-in answer is not JSON; no session cookie set"));
            }
        }
        return Mono.just(body);
    }

    /** Sign-out: the browser drops the cookie. Tokens are not revocable; the member's copy expires on its own. */
    public ResponseCookie cleared() {
        return base("").maxAge(Duration.ZERO).build();
    }

    ResponseCookie cookie(String token) {
        ResponseCookie.ResponseCookieBuilder cookie = base(token);
        Instant expiry = expiryOf(token);
        if (expiry != null) {
            cookie.maxAge(Duration.between(Instant.now(), expiry).isNegative() ? Duration.ZERO
                    : Duration.between(Instant.now(), expiry));
        }
        return cookie.build();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(session.cookieName(), value)
                .httpOnly(true)
                .secure(session.secure())
                .sameSite("Strict")
                .path(PATH);
    }

    /** The token's {@code exp}; the signature is not checked here (the gateway checks it on every use). */
    private Instant expiryOf(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            byte[] claims = Base64.getUrlDecoder().decode(parts[1]);
            JsonNode exp = objectMapper.readTree(new String(claims, StandardCharsets.UTF_8)).path("exp");
            return exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }
}
