package dev.brew.gateway.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key cache against a real JWKS endpoint that is stopped and rotated under it. */
class JwksCacheTest {

    private final AtomicInteger fetches = new AtomicInteger();
    private final List<JWK> served = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock();
    private HttpServer server;
    private JwksCache cache;
    // RSA key generation is slow on a cold JVM: once for the class.
    private static final RSAKey FIRST = generate("key-1");
    private static final RSAKey SECOND = generate("key-2");

    @BeforeEach
    void startKeyServer() throws Exception {
        served.add(FIRST.toPublicJWK());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(List.copyOf(served)).toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        cache = new JwksCache(WebClient.create(),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json"),
                Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(2), clock);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theKeysFetchedAtStartCheckTheFirstTokenAfterTheEndpointWentDown() throws Exception {
        cache.onApplicationEvent(null);
        assertThat(fetches).hasValue(1);
        server.stop(0);

        assertThat(keysFor("key-1")).extracting(JWK::getKeyID).containsExactly("key-1");
    }

    @Test
    void knownKeysAreServedFromMemoryAndSurviveTheEndpointGoingDown() throws Exception {
        assertThat(keysFor("key-1")).extracting(JWK::getKeyID).containsExactly("key-1");
        assertThat(fetches).hasValue(1);

        server.stop(0);
        clock.advance(Duration.ofHours(1));

        assertThat(keysFor("key-1")).extracting(JWK::getKeyID).containsExactly("key-1");
        assertThat(keysFor("key-1")).extracting(JWK::getKeyID).containsExactly("key-1");
    }

    @Test
    void anUnknownKeyIdFetchesAgainAtMostOncePerCooldown() throws Exception {
        keysFor("key-1");
        served.add(SECOND.toPublicJWK());

        assertThat(keysFor("key-2")).as("within the cooldown").isEmpty();
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofSeconds(31));
        assertThat(keysFor("key-2")).extracting(JWK::getKeyID).containsExactly("key-2");
        assertThat(fetches).hasValue(2);

        assertThat(keysFor("forged")).isEmpty();
        assertThat(keysFor("forged")).isEmpty();
        assertThat(fetches).as("made-up key ids do not hammer the endpoint").hasValue(2);
    }

    @Test
    void anUnknownKeyWhileTheEndpointIsDownKeepsTheKnownKeys() throws Exception {
        keysFor("key-1");
        server.stop(0);
        clock.advance(Duration.ofMinutes(1));

        assertThat(keysFor("key-2")).isEmpty();
        assertThat(keysFor("key-1")).extracting(JWK::getKeyID).containsExactly("key-1");
    }

    @Test
    void withoutAnyKeysEverFetchedAnUnreachableEndpointIsAnError() throws Exception {
        server.stop(0);

        assertThatThrownBy(() -> keysFor("key-1")).isInstanceOf(JwksCache.JwksUnavailableException.class);
        assertThat(cache.hasKeys()).isFalse();
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<JWK> keysFor(String keyId) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(),
                new JWTClaimsSet.Builder().subject("m-1").build());
        return cache.apply(jwt).collectList().block(Duration.ofSeconds(5));
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
