package dev.brew.gateway.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import dev.brew.testing.WholeBodyFirstClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the gateway adds to every exchange: size limits, security headers, request ids, closed CORS, the UI. */
@GatewayTest
class EdgeProtectionTest {

    private static final String CSP = "default-src 'self'";

    @Autowired
    Gateway gateway;

    @Autowired
    CircuitBreakerRegistry breakers;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void aBodyOver64KbIsA413ProblemAndNeverReachesTheService() {
        String body = "{\"items\":\"" + "x".repeat(100 * 1024) + "\"}";

        Gateway.Response response = gateway.post("/api/orders", Gateway.member("m-big"), body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("payload-too-large");
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }

    /**
     * Issue 19: a client that writes its whole 5 MiB body before reading used to get its connection reset (the
     * gateway answered at once and closed on the unread bytes). Now it reads the 413 problem.
     */
    @Test
    void aClientThatWritesAWhole5MibBodyBeforeReadingGetsThe413Problem() {
        for (String path : new String[]{"/api/orders", "/api/sessions"}) {
            WholeBodyFirstClient.Outcome outcome = WholeBodyFirstClient.send("127.0.0.1", gateway.uri("/").getPort(),
                    "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer " + Gateway.member("m-huge") + "\r\nConnection: close",
                    5 * 1024 * 1024, 30);

            assertThat(outcome.answered()).as(outcome.toString()).isTrue();
            assertThat(outcome.statusLine()).startsWith("HTTP/1.1 413");
            assertThat(outcome.answer()).containsIgnoringCase("Content-Type: application/problem+json");
            assertThat(outcome.body()).contains("\"code\":\"payload-too-large\"");
        }
        assertThat(FakeServices.COMMAND.received()).isEmpty();
        assertThat(FakeServices.MEMBER.received(r -> r.path().equals("/api/sessions"))).isEmpty();
    }

    /**
     * Issue 21: a body declared but never sent whole used to be streamed to the service, time out at the gateway
     * (504) and count against the service's breaker: ten anonymous slow sign-ins opened member-service's breaker.
     */
    @Test
    void aBodyThatDoesNotArriveInTimeIsTheClientsA408AndNeverReachesTheServiceNorItsBreaker() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (Socket socket = new Socket("127.0.0.1", gateway.uri("/").getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/sessions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 40\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                        .contains("\"code\":\"request-timeout\"");
            }
        }
        assertThat(FakeServices.MEMBER.received(r -> r.path().equals("/api/sessions"))).as("the half-sent sign-ins never reached the service").isEmpty();
        assertThat(breakers.circuitBreaker("member-service").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breakers.circuitBreaker("member-service").getMetrics().getNumberOfFailedCalls()).isZero();
        assertThat(gateway.post("/api/sessions", null, "{\"name\":\"kim\",\"password\":\"x\"}").status())
                .as("sign-in for everyone else").isEqualTo(200);
    }

    /**
     * Issue 21: the services rate sign-ins per client address, which the gateway tells them. Whatever forwarding
     * headers the client writes, the service sees one address: the one the gateway saw (no trusted proxy here).
     */
    @Test
    void theServiceLearnsTheClientAddressFromTheGatewayAloneNeverFromTheClient() {
        gateway.call("POST", "/api/sessions", null, Map.of("Content-Type", "application/json",
                "X-Forwarded-For", "203.0.113.9", "Forwarded", "for=203.0.113.9", "X-Real-IP", "203.0.113.9"),
                "{\"name\":\"kim\",\"password\":\"x\"}");

        FakeService.Received received = FakeServices.MEMBER.last("/api/sessions");
        assertThat(received.headers().get("x-forwarded-for")).containsExactly("127.0.0.1");
        assertThat(received.header("forwarded")).isNull();
        assertThat(received.header("x-real-ip")).isNull();
    }

    @Test
    void aChunkedBodyOver64KbIsA413Too() {
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/api/orders"))
                .header("Authorization", "Bearer " + Gateway.member("m-chunked"))
                .header("Content-Type", "application/json")
                // An input stream has no known length: the client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[100 * 1024])))
                .build();

        Gateway.Response response = gateway.send(request);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.json().path("code").asText()).isEqualTo("payload-too-large");
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }

    @Test
    void aSmallChunkedBodyArrivesWhole() {
        String order = "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":2}]}";
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/api/orders"))
                .header("Authorization", "Bearer " + Gateway.member("m-small-chunked"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(order.getBytes())))
                .build();

        Gateway.Response response = gateway.send(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(FakeServices.COMMAND.last("/api/orders").body()).isEqualTo(order);
    }

    @Test
    void aHeaderValueBeyondAsciiIsA400ProblemNamingItAndNeverReachesTheService() throws Exception {
        // Raw bytes on a socket: the JDK client would itself turn "é" into "?" before sending. Netty would forward
        // the Latin-1 byte as "?" too: a different, valid Idempotency-Key. The gateway refuses instead.
        for (byte[] key : new byte[][] {{(byte) 0xe9}, "clé-1".getBytes(StandardCharsets.UTF_8)}) {
            String answer = rawPost(key);

            assertThat(answer).startsWith("HTTP/1.1 400");
            assertThat(answer).contains("application/problem+json", "\"code\":\"invalid-header\"",
                    "\"field\":\"Idempotency-Key\"");
        }
        // A control character is refused by the HTTP decoder itself (a bare 400: Netty answers before any filter).
        assertThat(rawPost(new byte[] {'k', 0x7f})).startsWith("HTTP/1.1 400");
        assertThat(FakeServices.COMMAND.received()).isEmpty();

        assertThat(rawPost("key-1".getBytes(StandardCharsets.US_ASCII))).startsWith("HTTP/1.1 200");
        assertThat(FakeServices.COMMAND.last("/api/orders").header("Idempotency-Key")).isEqualTo("key-1");
    }

    private String rawPost(byte[] idempotencyKey) throws Exception {
        String body = "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}";
        URI uri = gateway.uri("/api/orders");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/orders HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nAuthorization: Bearer "
                    + Gateway.member("m-raw") + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\nConnection: close\r\nIdempotency-Key: ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(idempotencyKey);
            out.write(("\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void securityHeadersAreOnProxiedAnswersAndOnTheGatewaysOwn() {
        for (Gateway.Response response : new Gateway.Response[]{
                gateway.get("/api/menu", null), gateway.get("/api/orders/mine", null), gateway.get("/", null)}) {
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.header("Content-Security-Policy")).startsWith(CSP).contains("frame-ancestors 'none'");
        }
    }

    @Test
    void aGeneratedRequestIdGoesToTheServiceAndBackToTheCaller() {
        Gateway.Response response = gateway.get("/api/menu", null);

        String id = response.header("X-Request-Id");
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(FakeServices.COMMAND.last("/api/menu").header("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void aSaneIncomingRequestIdIsKeptAndAnInsaneOneReplaced() {
        Gateway.Response kept = gateway.call("GET", "/api/menu", null, Map.of("X-Request-Id", "trace-0042-abc"),
                null);
        assertThat(kept.header("X-Request-Id")).isEqualTo("trace-0042-abc");
        assertThat(FakeServices.COMMAND.last("/api/menu").header("X-Request-Id")).isEqualTo("trace-0042-abc");

        Gateway.Response replaced = gateway.call("GET", "/api/menu", null,
                Map.of("X-Request-Id", "<script>alert(1)</script>"), null);
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
    }

    @Test
    void theRequestIdIsInTheLogLinesAndInProblems() {
        Logger access = (Logger) LoggerFactory.getLogger("dev.brew.gateway.access");
        Logger problems = (Logger) LoggerFactory.getLogger(GatewayProblemHandler.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        access.addAppender(appender);
        problems.addAppender(appender);
        try {
            FakeServices.QUERY.stop();
            Gateway.Response response = gateway.call("GET", "/api/orders/mine", Gateway.member("m-log"),
                    Map.of("X-Request-Id", "log-line-0001"), null);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().path("requestId").asText()).isEqualTo("log-line-0001");
            await().atMost(Duration.ofSeconds(2)).until(() -> appender.list.size() >= 2);
            assertThat(appender.list).allSatisfy(event ->
                    assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "log-line-0001"));
            assertThat(appender.list).anySatisfy(event ->
                    assertThat(event.getFormattedMessage()).isEqualTo("GET /api/orders/mine 503 "
                            + event.getFormattedMessage().split(" ")[3] + " ms"));
        } finally {
            access.detachAppender(appender);
            problems.detachAppender(appender);
        }
    }

    @Test
    void logLinesWrittenInsideTheProxiedExchangeCarryTheRequestIdToo() {
        Logger cookies = (Logger) LoggerFactory.getLogger(dev.brew.gateway.security.SessionCookies.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        cookies.addAppender(appender);
        try {
            // A sign-in answer that is not JSON makes the cookie step log a warning while the answer streams back.
            FakeServices.MEMBER.answer("POST", "/api/sessions",
                    exchange -> FakeService.json(exchange, 200, "text/plain", "not json"));

            gateway.call("POST", "/api/sessions", null, Map.of("X-Request-Id", "inside-0002",
                    "Content-Type", "application/json"), "{}");

            await().atMost(Duration.ofSeconds(2)).until(() -> !appender.list.isEmpty());
            assertThat(appender.list.get(0).getMDCPropertyMap()).containsEntry("requestId", "inside-0002");
        } finally {
            cookies.detachAppender(appender);
        }
    }

    @Test
    void corsIsClosedByDefault() {
        Gateway.Response preflight = gateway.call("OPTIONS", "/api/orders", null, Map.of(
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST"), null);
        Gateway.Response simple = gateway.call("GET", "/api/menu", null, Map.of("Origin", "https://evil.example"),
                null);

        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(preflight.status()).isNotEqualTo(200);
        assertThat(simple.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theUiIsServedAtTheRoot() {
        Gateway.Response index = gateway.get("/", null);
        Gateway.Response script = gateway.get("/app.js", null);

        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.body()).contains("Brew UI");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.body()).contains("export const brew");
    }

    @Test
    void aMissingUiFileIsANotFoundProblem() {
        Gateway.Response response = gateway.get("/no-such-page.html", null);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("not-found");
    }

    @Test
    void actuatorEndpointsOtherThanHealthInfoAndMetricsAreClosed() {
        assertThat(gateway.get("/actuator/env", null).status()).isIn(401, 403, 404);
        assertThat(gateway.get("/actuator/gateway/routes", null).status()).isIn(401, 403, 404);
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }

    @Test
    void aServiceAnsweringWithItsOwnHeadersKeepsThem() {
        FakeServices.COMMAND.answer("GET", "/api/menu", exchange -> {
            exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
            FakeService.json(exchange, 200, "application/json", "[]");
        });

        Gateway.Response response = gateway.get("/api/menu", null);

        assertThat(response.header("Cache-Control")).isEqualTo("max-age=60");
        assertThat(response.body()).isEqualTo("[]");
    }
}
