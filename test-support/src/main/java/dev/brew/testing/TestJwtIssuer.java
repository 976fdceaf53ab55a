package dev.brew.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Stands in for member-service's token issuing in tests: an RSA key made at test time, its public half served as a
 * JWKS document over HTTP, and RS256 tokens shaped like Brew's ({@code sub}, {@code name}, {@code roles}).
 */
public final class TestJwtIssuer implements AutoCloseable {

    public static final String ISSUER = "http://member-service";
    public static final String AUDIENCE = "brew";

    private final RSAKey key;
    private final HttpServer server;

    public TestJwtIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jwksUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
    }

    /** A valid token for 15 minutes; roles are Brew role names (MEMBER, BARISTA, OPERATOR). */
    public String token(String memberId, String name, String... roles) {
        return sign(key, memberId, name, Arrays.asList(roles), Instant.now().plus(Duration.ofMinutes(15)));
    }

    public String expiredToken(String memberId, String name, String... roles) {
        return sign(key, memberId, name, Arrays.asList(roles), Instant.now().minus(Duration.ofMinutes(5)));
    }

    /** A well-formed token signed by a key the services do not trust. */
    public String foreignToken(String memberId, String name, String... roles) {
        try {
            return sign(new RSAKeyGenerator(2048).keyID("test-key").generate(), memberId, name, Arrays.asList(roles),
                    Instant.now().plus(Duration.ofMinutes(15)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a valid member token, to be changed by a test before {@link #sign(JWTClaimsSet)}. */
    public static JWTClaimsSet.Builder claims(String memberId, String name, String... roles) {
        Instant expiry = Instant.now().plus(Duration.ofMinutes(15));
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(memberId)
                .claim("name", name)
                .claim("roles", Arrays.asList(roles))
                .issueTime(Date.from(expiry.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(expiry));
    }

    /** Signs any claims with the trusted key. */
    public String sign(JWTClaimsSet claims) {
        return sign(key, claims);
    }

    private static String sign(RSAKey signingKey, String memberId, String name, List<String> roles, Instant expiry) {
        return sign(signingKey, claims(memberId, name, roles.toArray(String[]::new))
                .issueTime(Date.from(expiry.minus(Duration.ofMinutes(15))))
                .expirationTime(Date.from(expiry))
                .build());
    }

    private static String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
