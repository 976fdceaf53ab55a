package dev.brew.gateway.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator panel's health call: answered by the gateway from each service's readiness, operators only. */
@GatewayTest
class AdminHealthTest {

    private static final String READINESS = "/actuator/health/readiness";

    @Autowired
    Gateway gateway;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
    }

    @AfterEach
    void restart() {
        FakeServices.resetAll();
    }

    private static String operator() {
        return SharedServers.jwtIssuer().token("operator-1", "operator", "OPERATOR");
    }

    private static void ready(FakeService service, int status, String state) {
        service.answer("GET", READINESS, exchange -> FakeService.json(exchange, status,
                "application/vnd.spring-boot.actuator.v3+json", "{\"status\":\"" + state + "\"}"));
    }

    @Test
    void reportsEachServiceReadinessAskedDirectly() {
        ready(FakeServices.MEMBER, 200, "UP");
        ready(FakeServices.COMMAND, 503, "OUT_OF_SERVICE");
        FakeServices.QUERY.stop();

        Gateway.Response response = gateway.get("/api/admin/health", operator());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode body = response.json();
        Map<String, String> statuses = new LinkedHashMap<>();
        body.path("services").forEach(s -> statuses.put(s.path("name").asText(), s.path("status").asText()));
        assertThat(statuses).containsExactly(Map.entry("api-gateway", "UP"), Map.entry("member-service", "UP"),
                Map.entry("command-service", "OUT_OF_SERVICE"), Map.entry("query-service", "DOWN"));
        assertThat(body.path("status").asText()).isEqualTo("DOWN");
        assertThat(body.path("checkedAt").asText()).isNotBlank();
    }

    @Test
    void allReadyIsUpAndTheCallNeverReachesQueryService() {
        ready(FakeServices.MEMBER, 200, "UP");
        ready(FakeServices.COMMAND, 200, "UP");
        ready(FakeServices.QUERY, 200, "UP");

        Gateway.Response response = gateway.get("/api/admin/health", operator());

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().path("status").asText()).isEqualTo("UP");
        assertThat(FakeServices.QUERY.last("/api/admin/health")).as("not routed to query-service").isNull();
        assertThat(FakeServices.QUERY.last(READINESS)).as("query-service's readiness was asked").isNotNull();
    }

    @Test
    void onlyOperatorsMayAsk() {
        Gateway.Response member = gateway.get("/api/admin/health", Gateway.member("m-health"));
        Gateway.Response barista = gateway.get("/api/admin/health", Gateway.barista("b-health"));
        Gateway.Response anonymous = gateway.get("/api/admin/health", null);

        assertThat(member.status()).isEqualTo(403);
        assertThat(member.contentType()).startsWith("application/problem+json");
        assertThat(member.json().path("code").asText()).isEqualTo("forbidden");
        assertThat(barista.status()).isEqualTo(403);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(FakeServices.MEMBER.last(READINESS)).as("nothing asked for a refused caller").isNull();
    }
}
