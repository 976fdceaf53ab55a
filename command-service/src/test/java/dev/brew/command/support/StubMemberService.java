package dev.brew.command.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brew.testing.Ports;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for member-service's {@code GET /api/members/{id}}, the fallback command-service uses when its member
 * directory does not know a member yet. Members whose id starts with {@code ghost-} do not exist. It can be stopped
 * (connections refused) and started again on the same port.
 */
public final class StubMemberService implements BeforeAllCallback {

    private static final int PORT = Ports.free();
    private static final AtomicInteger LOOKUPS = new AtomicInteger();
    private static HttpServer server;

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
        System.setProperty("brew.member-service.uri", "http://127.0.0.1:" + PORT);
    }

    public static synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/members/", StubMemberService::lookup);
        server.start();
    }

    public static synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public static int lookups() {
        return LOOKUPS.get();
    }

    private static void lookup(HttpExchange exchange) throws IOException {
        LOOKUPS.incrementAndGet();
        String id = exchange.getRequestURI().getPath().substring("/api/members/".length());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            respond(exchange, 401, "{\"status\":401}");
        } else if (id.startsWith("ghost-")) {
            respond(exchange, 404, "{\"status\":404}");
        } else {
            respond(exchange, 200, "{\"id\":\"" + id + "\",\"name\":\"name-of-" + id
                    + "\",\"roles\":[\"MEMBER\"],\"since\":\"2026-01-01T00:00:00Z\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
