package dev.brew.gateway.resilience;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: under overload the gateway logged Netty {@code IllegalReferenceCountException}s (a request body's buffer
 * released twice) beside 502s and a 500 on {@code POST /api/orders}. Here many calls with bodies run at once
 * against a command-service that answers too late (504), breaks its connections (safe retries, then 502), callers
 * that give up half-way, and calls refused before reaching it (401, 404, an open breaker's 503). Netty's leak
 * detector runs at its paranoid level meanwhile. No caller may get a 500, every body the service receives must be
 * exactly one that was sent, and afterwards no buffer may be reported leaked or released twice.
 */
@GatewayTest
class BodiesUnderOverloadTest {

    private static final String CANARY = "leak-detector-canary";
    private static final String BROKEN = "/api/orders/11111111-2222-3333-4444-555555555555/cancel";
    private static ResourceLeakDetector.Level levelBefore;

    @Autowired
    Gateway gateway;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final CountDownLatch answerLate = new CountDownLatch(1);

    @BeforeAll
    static void trackEveryBuffer() {
        levelBefore = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterAll
    static void trackAsBefore() {
        ResourceLeakDetector.setLevel(levelBefore);
    }

    @BeforeEach
    void servicesUpAndBreakersClosed() {
        FakeServices.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void cleanUp() {
        answerLate.countDown();
        root.detachAppender(logged);
        FakeServices.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void bodiesThatTimeOutBreakOffAreAbandonedOrRefusedNeverGetA500AndEveryBufferIsReleasedOnce() throws Exception {
        // The gateway fetches the signing keys at its first token (a 503 while that fetch is late on a loaded
        // machine): a burst must not meet that fetch.
        await("the gateway has the signing keys").atMost(Duration.ofSeconds(60))
                .until(() -> gateway.post("/api/orders", Gateway.member("m-first"), "{}").status() == 200);
        Set<String> sent = new HashSet<>(Set.of("{}"));
        // Late: answers only when the test ends, long after the gateway's response timeout (1 s in tests).
        FakeServices.COMMAND.answer("POST", "/api/orders", exchange -> {
            try {
                answerLate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeService.json(exchange, 202, "application/json", "{\"orderId\":\"late\"}");
        });
        // Broken off: the connection is closed with the request read and no answer (a premature close).
        FakeServices.COMMAND.answer("POST", BROKEN, exchange -> {
            throw new IOException("connection broken off by the test");
        });

        // Every call goes to the service (its breaker would otherwise open after five failures and answer the
        // rest itself); the open breaker gets its own calls at the end.
        CircuitBreaker breaker = breakers.circuitBreaker("command-service");
        breaker.transitionToDisabledState();

        // Callers who give up while their call waits on the service.
        List<Socket> abandoning = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String body = body("abandoned-" + i, 20_000);
            sent.add(body);
            abandoning.add(sendAndKeepOpen(Gateway.member("m-gone-" + i), body));
        }
        await("the abandoned calls reached command-service").atMost(Duration.ofSeconds(60))
                .until(() -> FakeServices.COMMAND.received(r -> r.body().contains("\"abandoned-")).size() >= 8);
        for (Socket socket : abandoning) {
            socket.close();
        }

        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String body = body("late-" + i, 200 + i * 5_000);
            sent.add(body);
            calls.add(call("late", Set.of(504), "/api/orders", Gateway.member("m-late-" + i), body));
        }
        for (int i = 0; i < 12; i++) {
            String body = body("broken-" + i, 200 + i * 5_000);
            sent.add(body);
            calls.add(call("broken", Set.of(502), BROKEN, Gateway.member("m-broken-" + i), body));
        }
        for (int i = 0; i < 6; i++) {
            // A counter step: no body at all, retried the same way.
            calls.add(call("broken, no body", Set.of(502), BROKEN, Gateway.member("m-step-" + i), ""));
        }
        for (int i = 0; i < 8; i++) {
            calls.add(call("no token", Set.of(401), "/api/orders", null, body("anonymous-" + i, 3_000)));
            calls.add(call("unknown path", Set.of(404), "/api/no-such-call-" + i, Gateway.member("m-lost-" + i),
                    body("lost-" + i, 3_000)));
        }
        for (Call call : calls) {
            call.response().get(60, TimeUnit.SECONDS);
        }
        breaker.transitionToForcedOpenState();
        for (int i = 0; i < 6; i++) {
            calls.add(call("breaker open", Set.of(503), "/api/orders", Gateway.member("m-open-" + i),
                    body("refused-" + i, 3_000)));
        }

        List<String> outcomes = new ArrayList<>();
        for (Call call : calls) {
            HttpResponse<String> response = call.response().get(60, TimeUnit.SECONDS);
            outcomes.add(call.kind() + " " + response.statusCode());
            assertThat(response.statusCode()).as(call.kind() + ": " + response.body()).isIn(call.expected());
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        System.out.println("Outcomes under overload: " + outcomes.stream()
                .collect(java.util.stream.Collectors.groupingBy(o -> o, java.util.TreeMap::new,
                        java.util.stream.Collectors.counting())));
        answerLate.countDown();

        // What command-service received is exactly what was sent: no attempt carried freed or reused memory.
        assertThat(FakeServices.COMMAND.received(r -> r.method().equals("POST")))
                .allSatisfy(r -> assertThat(r.body().isEmpty() || sent.contains(r.body()))
                        .as("a body as sent, %d bytes", r.body().length()).isTrue());
        // A broken-off call that got its 502 was tried three times (two safe retries), each with its whole body.
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            if (call.kind().startsWith("broken") && call.response().get().statusCode() == 502) {
                assertThat(FakeServices.COMMAND.received(r -> call.key().equals(r.header("Idempotency-Key"))))
                        .as(call.kind() + " attempts").hasSize(3);
            }
        }

        assertNoBufferLeakedOrReleasedTwice();
    }

    /** A call of this kind, sent now; its answer comes later. */
    private Call call(String kind, Set<Integer> expected, String path, String token, String body) {
        String key = UUID.randomUUID().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return new Call(kind, expected, key, gateway.client().sendAsync(request.build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private record Call(String kind, Set<Integer> expected, String key,
                        CompletableFuture<HttpResponse<String>> response) {
    }

    /** A JSON body of about {@code size} bytes, unique to {@code marker}. */
    private static String body(String marker, int size) {
        return "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}],\"note\":\"" + marker + "\",\"pad\":\""
                + "p".repeat(size) + "\"}";
    }

    /** A caller who sends a whole order and then waits (until the test closes its socket). */
    private Socket sendAndKeepOpen(String token, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/orders HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + token + "\r\nIdempotency-Key: " + UUID.randomUUID() + "\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return socket;
    }

    /**
     * Netty reports a leaked buffer when the garbage collector finds it, at its next tracked allocation. A buffer
     * dropped on purpose (the canary) shows when the detector has looked at everything dropped before it.
     */
    private void assertNoBufferLeakedOrReleasedTwice() {
        dropCanary();
        await("the leak detector reports the canary").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    System.gc();
                    PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
                    return leakReports().stream().anyMatch(e -> e.getFormattedMessage().contains(CANARY));
                });
        assertThat(leakReports()).as("buffers reported leaked")
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains(CANARY));
        assertThat(events()).as("buffers released twice")
                .noneMatch(e -> causedBy(e.getThrowableProxy(), "IllegalReferenceCountException")
                        || e.getFormattedMessage().contains("IllegalReferenceCountException"));
        assertThat(events()).as("unexpected gateway errors")
                .noneMatch(e -> e.getLevel() == Level.ERROR && e.getLoggerName().startsWith("dev.brew"));
    }

    private static void dropCanary() {
        ByteBuf canary = PooledByteBufAllocator.DEFAULT.directBuffer(8);
        canary.touch(CANARY);
    }

    private List<ILoggingEvent> events() {
        synchronized (logged) {
            return List.copyOf(logged.list);
        }
    }

    private List<ILoggingEvent> leakReports() {
        return events().stream().filter(e -> e.getFormattedMessage().startsWith("LEAK:")).toList();
    }

    private static boolean causedBy(IThrowableProxy throwable, String simpleName) {
        for (IThrowableProxy t = throwable; t != null; t = t.getCause()) {
            if (t.getClassName().endsWith("." + simpleName)) {
                return true;
            }
            for (IThrowableProxy suppressed : t.getSuppressed()) {
                if (causedBy(suppressed, simpleName)) {
                    return true;
                }
            }
        }
        return false;
    }
}
