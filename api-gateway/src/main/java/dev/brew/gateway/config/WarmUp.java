package dev.brew.gateway.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;

/**
 * Warms the gateway's own request path before it says it is ready (ADR 0124). Spring Boot runs application runners
 * after the web server has started and before it publishes {@code ACCEPTING_TRAFFIC}, so readiness stays "no" until
 * this returns. The calls reach no backend (a call routed to a service still starting would count against its
 * breaker): Reactor Netty's server and codecs, WebFlux, the security chain with its problem answers (order calls
 * without a token, or with a malformed one: refused before the rate limit, so no client's budget is spent), the
 * header, request-id and access-log filters, and the UI's files. A failure never stops the start.
 */
@Component
@ConditionalOnProperty(value = "brew.warm-up.enabled", havingValue = "true", matchIfMissing = true)
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final String ACCESS_LOG = "dev.brew.gateway.access";

    private final ApplicationContext context;
    private final int rounds;
    private final Duration budget;
    private volatile int done;
    private volatile ReadinessState readinessAtEnd;

    WarmUp(ApplicationContext context, @Value("${brew.warm-up.rounds:400}") int rounds,
           @Value("${brew.warm-up.max-time:15s}") Duration budget) {
        this.context = context;
        this.rounds = rounds;
        this.budget = budget;
    }

    /** Rounds completed by the last warm-up. */
    int rounds() {
        return done;
    }

    /** The readiness this process reported when the warm-up ended: never accepting traffic yet. */
    ReadinessState readinessAtEnd() {
        return readinessAtEnd;
    }

    @Override
    public void run(ApplicationArguments args) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        int port = context instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : -1;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        String base = "http://127.0.0.1:" + port;
        int round = 0;
        // The warm-up's own refusals are not the access log's business (800 lines of 401 at every start).
        LoggingSystem logging = context.getBean(LoggingSystem.class);
        LoggerConfiguration access = logging.getLoggerConfiguration(ACCESS_LOG);
        logging.setLogLevel(ACCESS_LOG, LogLevel.WARN);
        try {
            for (; port > 0 && round < rounds && System.nanoTime() < deadline; round++) {
                try {
                    round(http, base);
                } catch (HttpTimeoutException slow) {
                    // A machine this busy answers late; the time budget above ends the warm-up, not one call.
                }
            }
        } catch (Exception e) {
            log.warn("Warm-up stopped after {} rounds: {}", round, e.toString());
        } finally {
            logging.setLogLevel(ACCESS_LOG, access == null ? null : access.getConfiguredLevel());
            done = round;
            readinessAtEnd = context.getBean(ApplicationAvailability.class).getReadinessState();
        }
        log.info("Warmed up the request path in {} ms ({} rounds)", (System.nanoTime() - start) / 1_000_000, round);
    }

    private static void round(HttpClient http, String base) throws Exception {
        send(http, HttpRequest.newBuilder(URI.create(base + "/actuator/health")).GET());
        send(http, HttpRequest.newBuilder(URI.create(base + "/")).GET());
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}")));
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/orders/" + UUID.randomUUID() + "/complete"))
                .header("Authorization", "Bearer not.a.token").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static void send(HttpClient http, HttpRequest.Builder request) throws Exception {
        http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
