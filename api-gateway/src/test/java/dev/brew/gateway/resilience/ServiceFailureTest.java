package dev.brew.gateway.resilience;

import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** the spec's (docs/spec.md) failure table, as far as the gateway is concerned: a down service never hangs a caller. */
@GatewayTest
class ServiceFailureTest {

    private static final String ORDER = "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}";

    @Autowired
    Gateway gateway;

    @Autowired
    CircuitBreakerRegistry breakers;

    @BeforeEach
    @AfterEach
    void servicesUpAndBreakersClosed() {
        FakeServices.resetAll();
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void withCommandServiceDownOrderingAnswers503WithinASecondAndQueriesKeepWorking() {
        String token = Gateway.member("m-down");
        assertThat(gateway.post("/api/orders", token, ORDER).status()).isEqualTo(200);
        FakeServices.COMMAND.stop();

        Gateway.Response order = gateway.post("/api/orders", token, ORDER);

        System.out.printf("POST /api/orders with command-service down: %d in %d ms%n", order.status(),
                order.took().toMillis());
        assertThat(order.status()).isEqualTo(503);
        assertThat(order.took()).isLessThan(Duration.ofSeconds(1));
        assertThat(order.contentType()).isEqualTo("application/problem+json");
        assertThat(order.json().path("code").asText()).isEqualTo("service-unavailable");
        assertThat(order.json().path("service").asText()).isEqualTo("command-service");
        assertThat(order.body()).doesNotContain("Exception", "Connection refused");

        Gateway.Response mine = gateway.get("/api/orders/mine", token);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("service").asText()).isEqualTo("query-service");
    }

    @Test
    void theBreakerOpensAndThenAnswersAtOnceWithoutTryingTheService() {
        String token = Gateway.member("m-breaker");
        FakeServices.COMMAND.stop();
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.post("/api/orders", token, ORDER).status()).isEqualTo(503);
        }
        assertThat(breakers.circuitBreaker("command-service").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        FakeServices.COMMAND.start();

        Gateway.Response whileOpen = gateway.post("/api/orders", token, ORDER);

        System.out.printf("POST /api/orders with the command-service breaker open: %d in %d ms%n",
                whileOpen.status(), whileOpen.took().toMillis());
        assertThat(whileOpen.status()).isEqualTo(503);
        assertThat(whileOpen.json().path("service").asText()).isEqualTo("command-service");
        assertThat(whileOpen.took()).isLessThan(Duration.ofMillis(500));
        assertThat(FakeServices.COMMAND.received()).as("an open breaker does not call the service").isEmpty();
        assertThat(gateway.get("/api/orders/mine", token).status()).isEqualTo(200);
        assertThat(gateway.get("/actuator/prometheus", null).body())
                .containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"command-service\""
                        + "[^}]*state=\"open\"[^}]*} 1\\.0");

        // The balancer routes to the restarted fake again once a whole round of its checks has seen it (ADR 0310).
        int checks = FakeServices.COMMAND.healthChecks();
        await("command-service checked again").atMost(Duration.ofSeconds(10))
                .until(() -> FakeServices.COMMAND.healthChecks() >= checks + 2);
        breakers.circuitBreaker("command-service").transitionToHalfOpenState();
        assertThat(gateway.post("/api/orders", token, ORDER).status()).isEqualTo(200);
        assertThat(FakeServices.COMMAND.received()).hasSize(1);
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA504() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        FakeServices.COMMAND.answer("POST", "/api/orders/o-slow/complete", exchange -> {
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(202, -1);
        });
        try {
            Gateway.Response response = gateway.post("/api/orders/o-slow/complete", Gateway.barista("b-slow"), null);

            System.out.printf("POST /api/orders/{id}/complete with a stalled command-service: %d in %d ms%n",
                    response.status(), response.took().toMillis());
            assertThat(response.status()).isEqualTo(504);
            assertThat(response.json().path("code").asText()).isEqualTo("gateway-timeout");
            assertThat(response.json().path("service").asText()).isEqualTo("command-service");
            // The test profile's response timeout is 1 s.
            assertThat(response.took()).isBetween(Duration.ofMillis(900), Duration.ofMillis(2_500));
        } finally {
            answer.countDown();
        }
    }

    @Test
    void aSignUpMayTakeLongerThanOtherCallsBecauseItHashesAPassword() {
        // A member-service that answers after 1.8 s: past the test profile's response timeout (1 s), within its
        // password check (3 s). Nothing releases the latch; its deadline is the answer's delay.
        CountDownLatch neverReleased = new CountDownLatch(1);
        FakeServices.MEMBER.answer("POST", "/api/members", exchange -> {
            try {
                neverReleased.await(1_800, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"id\":\"m-slow\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        Gateway.Response signUp = gateway.post("/api/members", null, "{\"name\":\"slow\",\"password\":\"pw\"}");

        assertThat(signUp.status()).as(signUp.body()).isEqualTo(201);
        assertThat(signUp.took()).isGreaterThan(Duration.ofMillis(1_500));
    }

    @Test
    void withMemberServiceDownSignInFailsFastAndIssuedTokensStayValid() {
        // A first authenticated call makes sure the signing keys have been fetched once.
        assertThat(gateway.get("/api/orders/mine", Gateway.member("m-warm")).status()).isEqualTo(200);
        FakeServices.MEMBER.stop();

        Gateway.Response signIn = gateway.post("/api/sessions", null, "{\"name\":\"ann\",\"password\":\"pw\"}");
        Gateway.Response jwks = gateway.get("/.well-known/jwks.json", null);
        String issuedBefore = Gateway.member("m-known");
        Gateway.Response order = gateway.post("/api/orders", issuedBefore, ORDER);
        Gateway.Response mine = gateway.get("/api/orders/mine", issuedBefore);

        System.out.printf("POST /api/sessions with member-service down: %d in %d ms%n", signIn.status(),
                signIn.took().toMillis());
        assertThat(signIn.status()).isEqualTo(503);
        assertThat(signIn.took()).isLessThan(Duration.ofSeconds(1));
        assertThat(signIn.json().path("service").asText()).isEqualTo("member-service");
        assertThat(jwks.status()).isEqualTo(503);
        assertThat(order.status()).isEqualTo(200);
        assertThat(mine.status()).isEqualTo(200);
        assertThat(FakeServices.QUERY.last("/api/orders/mine").header("Authorization"))
                .isEqualTo("Bearer " + issuedBefore);
    }

    @Test
    void readinessAndLivenessDoNotDependOnTheServices() {
        FakeServices.COMMAND.stop();
        FakeServices.QUERY.stop();
        FakeServices.MEMBER.stop();

        Gateway.Response readiness = gateway.get("/actuator/health/readiness", null);
        Gateway.Response liveness = gateway.get("/actuator/health/liveness", null);

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asText()).isEqualTo("UP");
        assertThat(liveness.status()).isEqualTo(200);
    }

    @Test
    void gatewayMetricsArePublished() {
        gateway.get("/api/menu", null);

        String metrics = gateway.get("/actuator/prometheus", null).body();

        assertThat(metrics).contains("spring_cloud_gateway_requests_seconds_count{");
        assertThat(metrics).containsPattern("spring_cloud_gateway_requests_seconds_count\\{[^}]*routeId=\"menu\"");
        assertThat(metrics).contains("resilience4j_circuitbreaker_state{");
    }
}
