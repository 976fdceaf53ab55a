package dev.brew.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small client of Brew's public API, always through the gateway. Every call has a timeout ({@link #TIMEOUT}, a
 * little longer than the gateway's own 5 s response timeout, so that its 504 wins; sign-up and sign-in
 * {@link #PASSWORD_CHECK_TIMEOUT}, past the gateway's 10 s for calls that hash a password), so nothing in a test can
 * hang; a call that gets no answer comes back as {@link Response#NO_ANSWER} instead of throwing.
 */
public final class Gateway {

    public static final Duration TIMEOUT = Duration.ofSeconds(6);
    public static final Duration PASSWORD_CHECK_TIMEOUT = Duration.ofSeconds(11);
    private static final java.util.Set<String> PASSWORD_CHECKS = java.util.Set.of("/api/members", "/api/sessions");
    public static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final URI base;
    private final HttpClient http;
    private final String runId = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    public Gateway(String baseUrl) {
        this.base = URI.create(baseUrl);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }

    public URI base() {
        return base;
    }

    /** A member name no other test of this run (or an earlier run on the same data) uses. */
    public String uniqueName(String prefix) {
        return prefix + "-" + runId + "-" + NAMES.incrementAndGet();
    }

    // ---- members and sessions -------------------------------------------------------------------------------

    public Response signUp(String name, String password) {
        return post("/api/members", null, json(Map.of("name", name, "password", password)), Map.of());
    }

    public Response signIn(String name, String password) {
        return post("/api/sessions", null, json(Map.of("name", name, "password", password)), Map.of());
    }

    /** Signs a new member up and in. */
    public Session newMember(String prefix) {
        String name = uniqueName(prefix);
        Response signedUp = signUp(name, PASSWORD);
        assertThat(signedUp.status()).as("sign-up of %s: %s", name, signedUp).isEqualTo(201);
        return session(name, PASSWORD);
    }

    public Session session(String name, String password) {
        Response signedIn = signIn(name, password);
        assertThat(signedIn.status()).as("sign-in of %s: %s", name, signedIn).isEqualTo(200);
        JsonNode body = signedIn.json();
        return new Session(body.path("token").asText(), body.path("member").path("id").asText(), name);
    }

    // ---- orders --------------------------------------------------------------------------------------------

    /** A valid order body: {@code lines} lines of the given menu codes, quantity 1..3. */
    public static String orderBody(List<String> menuCodes, int seed) {
        List<Map<String, Object>> items = new ArrayList<>();
        int lines = 1 + Math.floorMod(seed, 3);
        for (int i = 0; i < lines; i++) {
            items.add(Map.of("menuCode", menuCodes.get(Math.floorMod(seed + i, menuCodes.size())),
                    "quantity", 1 + Math.floorMod(seed + i, 3)));
        }
        return json(Map.of("items", items));
    }

    public Response placeOrder(Session member, String idempotencyKey, String body) {
        return post("/api/orders", member, body, Map.of("Idempotency-Key", idempotencyKey));
    }

    /** Places a simple valid order and returns its id (asserting the 202). */
    public String placeOrder(Session member) {
        Response placed = placeOrder(member, UUID.randomUUID().toString(), orderBody(menuCodes(), 0));
        assertThat(placed.status()).as("place order: %s", placed).isEqualTo(202);
        return placed.json().path("orderId").asText();
    }

    public Response complete(Session barista, String orderId) {
        return post("/api/orders/" + orderId + "/complete", barista, "", Map.of());
    }

    public Response cancel(Session member, String orderId) {
        return post("/api/orders/" + orderId + "/cancel", member, "", Map.of());
    }

    public Response order(Session caller, String orderId) {
        return get("/api/orders/" + orderId, caller);
    }

    public Response queue(Session barista, int page, int size) {
        return get("/api/orders?status=ORDERED&page=" + page + "&size=" + size, barista);
    }

    public Response mine(Session member) {
        return get("/api/orders/mine", member);
    }

    public List<String> menuCodes() {
        Response menu = get("/api/menu", null);
        assertThat(menu.status()).as("menu: %s", menu).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        menu.json().path("items").forEach(item -> codes.add(item.path("code").asText()));
        assertThat(codes).isNotEmpty();
        return codes;
    }

    // ---- the order stream ------------------------------------------------------------------------------------

    /**
     * Opens {@code GET /api/orders/stream}, reads until the first {@code data:} line (or {@code wait} passes) and
     * closes it. The answer's body holds the lines read.
     */
    public Response firstStreamEvent(Session caller, Duration wait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/orders/stream"))
                .timeout(TIMEOUT).header("Accept", "text/event-stream").GET();
        if (caller != null) {
            request.header("Authorization", caller.bearer());
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new Response(Response.NO_ANSWER, null, "", since(start), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        InputStream body = response.body();
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            StringBuilder lines = new StringBuilder();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.append(line).append('\n');
                    if (response.statusCode() == 200 && line.startsWith("data:")) {
                        break;
                    }
                }
            } catch (IOException e) {
                // closed below, or the service went away: what was read is the answer
            }
            return lines.toString();
        });
        String text;
        try {
            text = read.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            text = read.getNow("");
        } finally {
            try {
                body.close();
            } catch (IOException ignored) {
                // closing a stream the server may already have ended
            }
        }
        return new Response(response.statusCode(), response.headers(), text, since(start), null);
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    public Response get(String path, Session caller) {
        return send(request(path, caller).GET().build());
    }

    public Response post(String path, Session caller, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path, caller)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send(request.build());
    }

    public HttpRequest.Builder request(String path, Session caller) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(PASSWORD_CHECKS.contains(path) ? PASSWORD_CHECK_TIMEOUT : TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (caller != null) {
            request.header("Authorization", caller.bearer());
        }
        return request;
    }

    public Response send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(), since(start), null);
        } catch (IOException e) {
            return new Response(Response.NO_ANSWER, null, "", since(start), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(Response.NO_ANSWER, null, "", since(start), "interrupted");
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
