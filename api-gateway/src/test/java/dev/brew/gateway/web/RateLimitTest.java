package dev.brew.gateway.web;

import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The test profile allows a burst of 30 calls per member, refilled at 10 per second. */
@GatewayTest
class RateLimitTest {

    @Autowired
    Gateway gateway;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
    }

    @Test
    void aMemberOverTheLimitGets429WithRetryAfterAndOthersAreNotAffected() {
        String greedy = Gateway.member("m-greedy-" + System.nanoTime());
        // All at once, so that the refill (10/s) cannot keep up whatever the machine's speed. The calls go to a
        // path the gateway answers itself (404), so a slow machine cannot turn them into timeouts: the limit is
        // taken before routing, for every /api call alike.
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/api/no-such-call"))
                .header("Authorization", "Bearer " + greedy).build();
        List<CompletableFuture<Gateway.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(gateway.client().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> new Gateway.Response(r.statusCode(), r.headers(), r.body(), Duration.ZERO)));
        }
        List<Gateway.Response> responses = calls.stream().map(CompletableFuture::join).toList();

        assertThat(responses).extracting(Gateway.Response::status).containsOnly(404, 429);
        List<Gateway.Response> refused = responses.stream().filter(r -> r.status() == 429).toList();
        assertThat(refused).isNotEmpty();
        assertThat(responses.stream().filter(r -> r.status() == 404).count()).isBetween(30L, 59L);
        Gateway.Response first = refused.get(0);
        assertThat(first.header("Retry-After")).isEqualTo("1");
        assertThat(first.contentType()).isEqualTo("application/problem+json");
        assertThat(first.json().path("code").asText()).isEqualTo("rate-limited");

        assertThat(gateway.get("/api/orders/mine", Gateway.member("m-modest-" + System.nanoTime())).status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> gateway.get("/api/orders/mine", greedy).status() == 200);
        assertThat(gateway.get("/actuator/prometheus", null).body())
                .containsPattern("brew_gateway_rate_limited_total\\{[^}]*} [1-9]");
    }
}
