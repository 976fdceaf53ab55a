package dev.brew.command.web;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL down: orders get a 503 problem within seconds, then at once once the store's breaker is open; the menu
 * still answers, and all is well after.
 */
@CommandServiceTest
@Order(Integer.MAX_VALUE - 2)
class PostgresOutageTest {

    @Autowired
    Api api;

    @Test
    void with_postgres_down_commands_answer_503_and_recover_when_it_returns() {
        String member = "member-" + UUID.randomUUID();
        String known = api.placeLattes(Api.member(member), 1);

        SharedServers.postgres().stop();
        try {
            long start = System.nanoTime();
            Api.Response place = api.placeOrder(Api.member(member), UUID.randomUUID().toString(),
                    "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}");
            long millis = (System.nanoTime() - start) / 1_000_000;
            Api.Response complete = api.complete(Api.barista("barista-1"), known);

            assertThat(place.status()).as(place.body()).isEqualTo(503);
            assertThat(place.contentType()).startsWith("application/problem+json");
            assertThat(millis).as("answered in %d ms", millis).isLessThan(5_000);
            assertThat(complete.status()).as(complete.body()).isEqualTo(503);
            assertThat(api.get("/api/menu", null).status()).isEqualTo(200);

            // A few more of the store's failures open the breaker: from then on an order is refused at once, without
            // waiting out the pool's timeout (F12), still as a 503 problem.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                api.placeOrder(Api.member(member), UUID.randomUUID().toString(),
                        "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}");
                return api.metric("brew_order_store_breaker_open") == 1.0;
            });
            Api.Response refused = api.placeOrder(Api.member(member), UUID.randomUUID().toString(),
                    "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat(refused.json().path("code").asText()).isEqualTo("unavailable");
            // Out of rotation (it cannot store an order), but never restarted for it (docs/adr/0700).
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503));
            assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
            System.out.printf("POSTGRES-OUTAGE place=503 in %d ms%n", millis);
        } finally {
            SharedServers.postgres().start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.complete(Api.barista("barista-1"), known).status()).isEqualTo(202));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200));
        // The breaker closes once its trial commands succeed (the tests after this one share the service).
        await().atMost(Duration.ofSeconds(30)).until(() -> api.placeOrder(Api.member(member),
                UUID.randomUUID().toString(), "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}")
                .status() == 202 && api.metric("brew_order_store_breaker_open") == 0.0);
    }
}
