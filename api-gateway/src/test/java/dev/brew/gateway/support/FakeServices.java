package dev.brew.gateway.support;

import dev.brew.testing.SharedServers;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The fake services of this test JVM, started once and shared by every test class (like the gateway's context), and
 * the initializer that points the gateway at them. member-service's fake serves the real JWKS of the shared test
 * issuer, so stopping it takes the key endpoint down as the real member-service would.
 */
public final class FakeServices {

    public static final FakeService COMMAND = new FakeService("command-service");
    public static final FakeService QUERY = new FakeService("query-service");
    public static final FakeService QUERY_CANARY = new FakeService("query-service-canary");
    public static final FakeService MEMBER = new FakeService("member-service");
    public static final FakeService LOYALTY = new FakeService("loyalty-service");
    public static final Path UI = uiDirectory();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        MEMBER.builtIn("GET", "/.well-known/jwks.json", exchange -> {
            try {
                String jwks = HTTP.send(HttpRequest.newBuilder(URI.create(SharedServers.jwtIssuer().jwksUri()))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                FakeService.json(exchange, 200, "application/json", jwks);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
    }

    private FakeServices() {
    }

    /** Starts any stopped fake and forgets what each received. */
    public static void resetAll() {
        java.util.Map<FakeService, Integer> restarted = new java.util.HashMap<>();
        for (FakeService service : new FakeService[]{COMMAND, QUERY, QUERY_CANARY, MEMBER, LOYALTY}) {
            // (A fake never checked has no balancer yet: its first call will wait for the first round of checks.)
            if (!service.running() && service.healthChecks() > 0) {
                restarted.put(service, service.healthChecks());
            }
            service.start();
            service.reset();
        }
        // The gateway balances over the instances its health checks find ready (ADR 0310): a fake started again
        // is routed to again once a whole round of checks has seen it, i.e. after its second check.
        restarted.forEach((service, before) -> org.awaitility.Awaitility.await(service.name() + " checked again")
                .atMost(java.time.Duration.ofSeconds(10)).until(() -> service.healthChecks() >= before + 2));
    }

    private static Path uiDirectory() {
        try {
            Path dir = Files.createTempDirectory("brew-ui-");
            Files.writeString(dir.resolve("index.html"),
                    "<!doctype html><html><head><title>Brew</title></head><body>Brew UI</body></html>");
            Files.writeString(dir.resolve("app.js"), "export const brew = true;\n");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the gateway's services, key endpoint and UI folder at the fakes (above every other source). */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("fake-services", Map.of(
                    "brew.services.command", COMMAND.uri(),
                    "brew.services.query", QUERY.uri(),
                    "brew.services.member", MEMBER.uri(),
                    "brew.services.loyalty", LOYALTY.uri(),
                    "brew.canary.query.uri", QUERY_CANARY.uri(),
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                    MEMBER.uri() + "/.well-known/jwks.json",
                    "brew.ui.location", UI.toUri().toString())));
        }
    }
}
