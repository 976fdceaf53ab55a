package dev.brew.gateway.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brew.testing.Ports;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Stands in for one Brew service behind the gateway: a real HTTP server on a fixed loopback port (so it can be
 * stopped, which refuses connections for real, and started again where the gateway expects it). It records every
 * request it receives and answers canned responses: by default 200 with a small JSON naming itself.
 */
public final class FakeService {

    /** How the fake answers one request. */
    @FunctionalInterface
    public interface Answer {
        void answer(HttpExchange exchange) throws IOException;
    }

    /** One request as the service received it (header names lower-cased). */
    public record Received(String method, String path, String query, Map<String, List<String>> headers,
                           String body) {

        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }
    }

    /** The gateway's load-balancer health check of each instance. */
    public static final String HEALTH_CHECK = "/actuator/health/accepting";

    private final String name;
    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable);
        thread.setDaemon(true);
        return thread;
    });
    private volatile HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger healthChecks = new java.util.concurrent.atomic.AtomicInteger();

    /** How many load-balancer health checks this fake has answered. */
    public int healthChecks() {
        return healthChecks.get();
    }

    public FakeService(String name) {
        this.name = name;
        this.port = Ports.free();
        start();
    }

    public String name() {
        return name;
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized FakeService start() {
        if (server != null) {
            return this;
        }
        try {
            // A deep accept queue: a burst of connections must not wait for SYN retries (1 s) and time out.
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            http.createContext("/", this::handle);
            http.setExecutor(executor);
            http.start();
            server = http;
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops for real: the port refuses connections until {@link #start()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    public boolean running() {
        return server != null;
    }

    /** Answers {@code method path} (exact path) this way until {@link #reset()}. */
    public FakeService answer(String method, String path, Answer answer) {
        answers.put(method + " " + path, answer);
        return this;
    }

    /** Forgets the recorded requests and the canned answers set by tests (built-in ones stay). */
    public void reset() {
        received.clear();
        answers.keySet().removeIf(key -> !key.startsWith("builtin:"));
    }

    void builtIn(String method, String path, Answer answer) {
        answers.put("builtin:" + method + " " + path, answer);
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    /** The last request to this path, or null. */
    public Received last(String path) {
        List<Received> matching = received(r -> r.path().equals(path));
        return matching.isEmpty() ? null : matching.get(matching.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                    List.copyOf(v)));
            if (HEALTH_CHECK.equals(path)) {
                healthChecks.incrementAndGet();
            } else {
                // The gateway's load balancer asks this every second (ADR 0310): not a call a test made.
                received.add(new Received(method, path, exchange.getRequestURI().getRawQuery(), headers,
                        new String(body, StandardCharsets.UTF_8)));
            }
            Answer answer = answers.get(method + " " + path);
            if (answer == null) {
                answer = answers.get("builtin:" + method + " " + path);
            }
            if (answer == null) {
                answer = x -> json(x, 200, "application/json",
                        "{\"service\":\"" + name + "\",\"method\":\"" + method + "\",\"path\":\"" + path + "\"}");
            }
            answer.answer(exchange);
        }
    }

    public static void json(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
