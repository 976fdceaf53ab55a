package dev.brew.gateway.routing;

import dev.brew.testing.StubHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.web.reactive.function.client.WebClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ADR 0315: an instance that comes back gets a growing share of the calls while its twin is warm, and every call
 * when it is alone. Two real HTTP servers answer the readiness check; the clock is the test's.
 */
class SlowStartTest {

    private static final Duration SLOW_START = Duration.ofSeconds(60);
    private static final int PICKS = 4_000;

    private final StubHttpServer warm = accepting();
    private final StubHttpServer restarted = accepting();
    private final MovableClock clock = new MovableClock();
    private ReadyInstances balancer;

    @AfterEach
    void stop() {
        if (balancer != null) {
            balancer.destroy();
        }
        warm.stop();
        restarted.stop();
    }

    @Test
    void an_instance_back_from_a_restart_gets_a_tenth_of_its_share_at_first_then_all_of_it() {
        warm.start();
        restarted.start();
        balancer = balancer(instance("warm", warm), instance("restarted", restarted));
        assertThat(share("restarted")).as("both warm: every pick sees both").isEqualTo(1.0);

        restarted.stop();
        await("the restarted instance dropped").atMost(Duration.ofSeconds(10)).until(() -> seen("restarted") == 0);
        restarted.start();
        await("the restarted instance back").atMost(Duration.ofSeconds(10)).until(() -> seen("restarted") > 0);

        assertThat(share("restarted")).as("just back").isBetween(0.05, 0.2);
        assertThat(share("warm")).as("its warm twin").isEqualTo(1.0);
        clock.advance(SLOW_START.dividedBy(2));
        assertThat(share("restarted")).as("half-way").isBetween(0.4, 0.6);
        clock.advance(SLOW_START.dividedBy(2));
        assertThat(share("restarted")).as("after the slow start").isEqualTo(1.0);
    }

    @Test
    void an_instance_back_alone_gets_every_call() {
        restarted.start();
        balancer = balancer(instance("restarted", restarted));
        restarted.stop();
        await("the instance dropped").atMost(Duration.ofSeconds(10)).until(() -> seen("restarted") == 0);
        restarted.start();
        await("the instance back").atMost(Duration.ofSeconds(10)).until(() -> seen("restarted") > 0);

        assertThat(share("restarted")).as("the only ready instance, however cold").isEqualTo(1.0);
    }

    private ReadyInstances balancer(ServiceInstance... instances) {
        return new ReadyInstances("command", List.of(instances), WebClient.create(), Duration.ofMillis(100),
                Duration.ofSeconds(3), SLOW_START, clock);
    }

    /** In how many of {@link #PICKS} instance lists the balancer offers, the instance appears. */
    private double share(String id) {
        int seen = 0;
        for (int i = 0; i < PICKS; i++) {
            seen += seen(id);
        }
        return seen / (double) PICKS;
    }

    private int seen(String id) {
        return (int) balancer.get().blockFirst().stream().filter(i -> i.getInstanceId().equals(id)).count();
    }

    private static ServiceInstance instance(String id, StubHttpServer server) {
        URI uri = URI.create(server.uri());
        return new DefaultServiceInstance(id, "command", uri.getHost(), uri.getPort(), false);
    }

    private static StubHttpServer accepting() {
        return new StubHttpServer(ReadyInstances.PATH, exchange -> StubHttpServer.respond(exchange, 200,
                "{\"status\":\"UP\"}"));
    }

    private static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T03:00:00Z"));

        void advance(Duration by) {
            now.updateAndGet(instant -> instant.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
