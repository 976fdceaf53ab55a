package dev.brew.gateway.web;

import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code brew.cors.allowed-origins} set, exactly those origins may call; others still get no CORS headers. */
@GatewayTest
@TestPropertySource(properties = {"brew.canary.query.weight=50", "brew.cors.allowed-origins=https://shop.example"})
class CorsTest {

    @Autowired
    Gateway gateway;

    @Test
    void aListedOriginPassesThePreflight() {
        Gateway.Response preflight = gateway.call("OPTIONS", "/api/orders", null, Map.of(
                "Origin", "https://shop.example", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type,idempotency-key"), null);

        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(preflight.header("Access-Control-Allow-Headers")).containsIgnoringCase("idempotency-key");
    }

    @Test
    void anotherOriginIsRefused() {
        FakeServices.resetAll();
        Gateway.Response preflight = gateway.call("OPTIONS", "/api/orders", null, Map.of(
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST"), null);
        Gateway.Response simple = gateway.call("GET", "/api/menu", null, Map.of("Origin", "https://evil.example"),
                null);

        assertThat(preflight.status()).isEqualTo(403);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isNull();
        assertThat(simple.status()).isEqualTo(403);
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }
}
