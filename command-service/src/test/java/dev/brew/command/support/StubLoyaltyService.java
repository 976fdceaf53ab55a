package dev.brew.command.support;

import com.sun.net.httpserver.HttpExchange;
import dev.brew.testing.StubHttpServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for loyalty-service's reward reservation ({@code POST /api/loyalty/rewards/{id}/reservations}): a reward
 * whose id starts with {@code reward-} is held by the first order that asks (the same order again is answered the
 * same), {@code unknown-} rewards do not exist. {@code DELETE .../reservations/{orderId}} gives a hold back (ADR 0802).
 * It can be stopped (connections refused) and started again.
 */
public final class StubLoyaltyService implements BeforeAllCallback {

    private static final StubHttpServer SERVER = new StubHttpServer("/api/loyalty/rewards/", StubLoyaltyService::reserve);
    private static final Pattern PATH = Pattern.compile("/api/loyalty/rewards/([^/]+)/reservations");
    private static final Pattern HOLD = Pattern.compile("/api/loyalty/rewards/([^/]+)/reservations/([^/]+)");
    private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Map<String, String> HELD_BY = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
        System.setProperty("brew.loyalty-service.uri", SERVER.uri());
    }

    public static void start() {
        SERVER.start();
    }

    public static void stop() {
        SERVER.stop();
    }

    public static String heldBy(String rewardId) {
        return HELD_BY.get(rewardId);
    }

    private static void reserve(HttpExchange exchange) throws IOException {
        if ("DELETE".equals(exchange.getRequestMethod())) {
            release(exchange);
            return;
        }
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        Matcher order = ORDER_ID.matcher(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            StubHttpServer.respond(exchange, 401, "{\"status\":401}");
        } else if (!path.matches() || !order.find() || !path.group(1).startsWith("reward-")) {
            StubHttpServer.respond(exchange, 404, "{\"status\":404}");
        } else {
            String rewardId = path.group(1);
            String orderId = order.group(1);
            String holder = HELD_BY.putIfAbsent(rewardId, orderId);
            if (holder != null && !holder.equals(orderId)) {
                StubHttpServer.respond(exchange, 409, "{\"status\":409}");
            } else {
                StubHttpServer.respond(exchange, 200, "{\"rewardId\":\"" + rewardId + "\",\"orderId\":\"" + orderId
                        + "\",\"cap\":6000,\"repeat\":" + (holder != null) + "}");
            }
        }
    }

    private static void release(HttpExchange exchange) throws IOException {
        Matcher path = HOLD.matcher(exchange.getRequestURI().getPath());
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            StubHttpServer.respond(exchange, 401, "{\"status\":401}");
        } else if (!path.matches()) {
            StubHttpServer.respond(exchange, 404, "{\"status\":404}");
        } else {
            HELD_BY.remove(path.group(1), path.group(2));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }
    }
}
