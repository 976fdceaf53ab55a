package dev.brew.gateway.routing;

import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayTest
class RoutingTest {

    @Autowired
    Gateway gateway;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
    }

    static Stream<Arguments> apiCalls() {
        return Stream.of(
                Arguments.of("POST", "/api/members", FakeServices.MEMBER),
                Arguments.of("GET", "/api/members/m-1", FakeServices.MEMBER),
                Arguments.of("POST", "/api/sessions", FakeServices.MEMBER),
                Arguments.of("GET", "/.well-known/jwks.json", FakeServices.MEMBER),
                Arguments.of("GET", "/api/menu", FakeServices.COMMAND),
                Arguments.of("POST", "/api/orders", FakeServices.COMMAND),
                Arguments.of("POST", "/api/orders/o-1/complete", FakeServices.COMMAND),
                Arguments.of("POST", "/api/orders/o-1/cancel", FakeServices.COMMAND),
                Arguments.of("GET", "/api/orders", FakeServices.QUERY),
                Arguments.of("GET", "/api/orders/mine", FakeServices.QUERY),
                Arguments.of("GET", "/api/orders/o-1", FakeServices.QUERY),
                Arguments.of("GET", "/api/orders/stream", FakeServices.QUERY),
                Arguments.of("POST", "/api/admin/replays", FakeServices.QUERY),
                Arguments.of("GET", "/api/admin/replays/r-1", FakeServices.QUERY),
                Arguments.of("GET", "/api/loyalty/me", FakeServices.LOYALTY),
                Arguments.of("GET", "/api/recommendations", FakeServices.LOYALTY));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("apiCalls")
    void everyCallReachesItsServiceByMethodAndPath(String method, String path, FakeService expected) {
        String token = Gateway.barista("routing-" + path.hashCode());

        Gateway.Response response = gateway.call(method, path + "?page=2", token,
                Map.of("Content-Type", "application/json"), method.equals("POST") ? "{}" : null);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        if (path.startsWith("/api")) {
            assertThat(response.json().path("service").asText()).isEqualTo(expected.name());
        } else {
            assertThat(response.json().path("keys").isArray()).as("the issuer's key set").isTrue();
        }
        FakeService.Received received = expected.last(path);
        assertThat(received).isNotNull();
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.query()).isEqualTo("page=2");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        for (FakeService other : new FakeService[]{FakeServices.COMMAND, FakeServices.QUERY, FakeServices.MEMBER,
                FakeServices.LOYALTY}) {
            if (other != expected) {
                assertThat(other.received(r -> r.path().equals(path))).as(other.name()).isEmpty();
            }
        }
    }

    @Test
    void anUnknownApiCallIsANotFoundProblem() {
        Gateway.Response response = gateway.get("/api/coupons", Gateway.member("m-unknown"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("not-found");
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void aPathTheFirewallRefusesIsABadRequestProblem() {
        Gateway.Response response = gateway.call("POST", "/api/orders/%27%3B%20DROP%20TABLE%3B%20--/complete",
                Gateway.barista("b-firewall"), Map.of(), null);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("rejected-request");
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }

    @Test
    void aKnownPathWithAnotherMethodIsAMethodNotAllowedProblem() {
        Gateway.Response response = gateway.call("DELETE", "/api/orders/o-1", Gateway.member("m-405"), Map.of(),
                null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET");
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("method-not-allowed");
        assertThat(FakeServices.QUERY.received()).isEmpty();
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }

    @Test
    void aServicesOwnProblemPassesThroughUnchanged() {
        String problem = "{\"type\":\"https://brew.dev/problems/order-not-open\",\"title\":\"Conflict\","
                + "\"status\":409,\"code\":\"order-not-open\",\"detail\":\"Order o-9 is DONE\"}";
        FakeServices.COMMAND.answer("POST", "/api/orders/o-9/cancel",
                exchange -> FakeService.json(exchange, 409, "application/problem+json", problem));

        Gateway.Response response = gateway.post("/api/orders/o-9/cancel", Gateway.member("m-409"), null);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.body()).isEqualTo(problem);
    }
}
