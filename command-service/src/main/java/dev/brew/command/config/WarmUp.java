package dev.brew.command.config;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import dev.brew.contracts.order.CompleteOrder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Warms the order path before the service says it is ready (ADR 0124). Spring Boot runs application runners after
 * the web server has started and before it publishes {@code ACCEPTING_TRAFFIC}, so readiness (and the gateway's
 * {@code /actuator/health/accepting}) stays "no" until this returns: the first real orders meet compiled code, not
 * the interpreter, and do not queue into the gateway's timeout.
 *
 * <p>What it runs stores nothing and reaches no other service: calls to this process's own port (Tomcat, the security
 * filter chain with its problem answers, MVC, Jackson: the public menu, and the order endpoints refused for a missing
 * or malformed token), and Axon commands for orders that do not exist (command bus, interceptors, unit of work,
 * transaction, event-store read, aggregate cache), each answered "not found". A failure never stops the start: the
 * service is then as cold as without the warm-up.
 */
@Component
@ConditionalOnProperty(value = "brew.warm-up.enabled", havingValue = "true", matchIfMissing = true)
class WarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final String AXON_REPOSITORY_LOG = "org.axonframework.modelling.command.AbstractRepository";
    private static final Requester NOBODY = new Requester("warm-up", "warm-up", Set.of(Role.BARISTA));

    private final ApplicationContext context;
    private final CommandGateway commands;
    private final int rounds;
    private final Duration budget;
    private volatile int done;
    private volatile ReadinessState readinessAtEnd;

    WarmUp(ApplicationContext context, CommandGateway commands,
           @Value("${brew.warm-up.rounds:400}") int rounds,
           @Value("${brew.warm-up.max-time:20s}") Duration budget) {
        this.context = context;
        this.commands = commands;
        this.rounds = rounds;
        this.budget = budget;
    }

    /** Rounds completed by the last warm-up (tests, and the start-up log). */
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
        Integer port = context instanceof WebServerApplicationContext web && web.getWebServer() != null
                ? web.getWebServer().getPort() : null;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        int round = 0;
        // Axon logs each "not found" load at WARN with its stack trace: 400 of those at every start say nothing.
        LoggingSystem logging = context.getBean(LoggingSystem.class);
        LoggerConfiguration repository = logging.getLoggerConfiguration(AXON_REPOSITORY_LOG);
        logging.setLogLevel(AXON_REPOSITORY_LOG, LogLevel.ERROR);
        try {
            for (; round < rounds && System.nanoTime() < deadline; round++) {
                if (port != null && port > 0) {
                    try {
                        overHttp(http, "http://127.0.0.1:" + port);
                    } catch (HttpTimeoutException slow) {
                        // A machine this busy answers late; the time budget above ends the warm-up, not one call.
                    }
                }
                try {
                    commands.sendAndWait(new CompleteOrder(new UUID(0, ThreadLocalRandom.current().nextLong())
                            .toString(), NOBODY), 5, TimeUnit.SECONDS);
                } catch (AggregateNotFoundException expected) {
                    // The order does not exist: nothing was stored.
                }
            }
        } catch (Exception e) {
            log.warn("Warm-up stopped after {} rounds: {}", round, e.toString());
        } finally {
            logging.setLogLevel(AXON_REPOSITORY_LOG, repository == null ? null : repository.getConfiguredLevel());
            done = round;
            readinessAtEnd = context.getBean(ApplicationAvailability.class).getReadinessState();
        }
        log.info("Warmed up the order path in {} ms ({} rounds)", (System.nanoTime() - start) / 1_000_000, round);
    }

    private static void overHttp(HttpClient http, String base) throws Exception {
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/menu")).GET());
        String order = "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}";
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/orders"))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(order)));
        send(http, HttpRequest.newBuilder(URI.create(base + "/api/orders/" + UUID.randomUUID() + "/complete"))
                .header("Authorization", "Bearer not.a.token").POST(HttpRequest.BodyPublishers.noBody()));
    }

    private static void send(HttpClient http, HttpRequest.Builder request) throws Exception {
        http.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
    }
}
