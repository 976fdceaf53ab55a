package dev.brew.command.support;

import com.sun.net.httpserver.HttpExchange;
import dev.brew.testing.StubHttpServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for member-service's {@code GET /api/members/{id}}, the fallback command-service uses when its member
 * directory does not know a member yet. Members whose id starts with {@code ghost-} do not exist. It can be stopped
 * (connections refused) and started again on the same port.
 */
public final class StubMemberService implements BeforeAllCallback {

    private static final StubHttpServer SERVER = new StubHttpServer("/api/members/", StubMemberService::lookup);
    private static final AtomicInteger LOOKUPS = new AtomicInteger();

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
        System.setProperty("brew.member-service.uri", SERVER.uri());
    }

    public static void start() {
        SERVER.start();
    }

    public static void stop() {
        SERVER.stop();
    }

    public static int lookups() {
        return LOOKUPS.get();
    }

    private static void lookup(HttpExchange exchange) throws IOException {
        LOOKUPS.incrementAndGet();
        String id = exchange.getRequestURI().getPath().substring("/api/members/".length());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            StubHttpServer.respond(exchange, 401, "{\"status\":401}");
        } else if (id.startsWith("ghost-")) {
            StubHttpServer.respond(exchange, 404, "{\"status\":404}");
        } else {
            StubHttpServer.respond(exchange, 200, "{\"id\":\"" + id + "\",\"name\":\"name-of-" + id
                    + "\",\"roles\":[\"MEMBER\"],\"since\":\"2026-01-01T00:00:00Z\"}");
        }
    }
}
