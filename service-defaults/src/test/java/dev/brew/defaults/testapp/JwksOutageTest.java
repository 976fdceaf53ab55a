package dev.brew.defaults.testapp;

import com.sun.net.httpserver.HttpServer;
import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/spec.md: while member-service is down, issued tokens stay valid. The key set is fetched from a stand-in for
 * member-service's JWKS endpoint that this test stops for real (connection refused), with a one-second cache life so
 * the outage outlasts the cache many times over.
 */
@RealServers(Server.JWT_ISSUER)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "brew.security.jwks-time-to-live=1s")
class JwksOutageTest {

    private static Jwks jwks;

    /** Made when the context first reads the property, after the shared issuer has started. */
    private static synchronized Jwks jwks() {
        if (jwks == null) {
            jwks = new Jwks();
        }
        return jwks;
    }

    @DynamicPropertySource
    static void jwksUri(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> jwks().uri());
    }

    @AfterAll
    static void stop() {
        jwks().stop();
    }

    final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void issuedTokensStayValidWhileTheIssuerIsDownAndNewKeysAreA503UntilItReturns() throws Exception {
        String token = SharedServers.jwtIssuer().token("m-7", "lee", "MEMBER");
        assertThat(me(token).statusCode()).isEqualTo(200);

        jwks().stop();
        // Three seconds of calls, three times the cache's life: every one is answered from the last good key set.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> me(token).statusCode() == 200);
        // A token that is not ours is still refused, outage or not.
        assertThat(me(SharedServers.jwtIssuer().foreignToken("m-7", "lee", "MEMBER")).statusCode()).isEqualTo(401);

        jwks().start();
        await().atMost(Duration.ofSeconds(10)).until(() -> me(token).statusCode() == 200);
    }

    private HttpResponse<String> me(String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Serves the test issuer's key set on a fixed port; stopped, the port refuses connections. */
    static final class Jwks {

        private final byte[] body;
        private final int port;
        private HttpServer server;

        Jwks() {
            try {
                HttpResponse<byte[]> keys = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(SharedServers.jwtIssuer().jwksUri())).build(), HttpResponse.BodyHandlers.ofByteArray());
                body = keys.body();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            start();
            port = server.getAddress().getPort();
        }

        String uri() {
            return "http://127.0.0.1:" + port + "/.well-known/jwks.json";
        }

        synchronized void start() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        server == null ? 0 : port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/.well-known/jwks.json", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        synchronized void stop() {
            server.stop(0);
        }
    }
}
