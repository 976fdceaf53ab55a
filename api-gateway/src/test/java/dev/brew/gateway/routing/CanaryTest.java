package dev.brew.gateway.routing;

import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code brew.canary.query.weight=50}: half the members (by id), and anyone asking, use the canary. */
@GatewayTest
@TestPropertySource(properties = {"brew.canary.query.weight=50", "brew.cors.allowed-origins=https://shop.example"})
class CanaryTest {

    @Autowired
    Gateway gateway;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
    }

    @Test
    void aMemberInTheShareUsesTheCanaryForAllQueriesIncludingTheStream() {
        String member = memberWhere(true);
        String token = Gateway.member(member);

        for (int i = 0; i < 3; i++) {
            assertThat(gateway.get("/api/orders/mine", token).json().path("service").asText())
                    .isEqualTo("query-service-canary");
        }
        assertThat(gateway.get("/api/orders/stream", token).json().path("service").asText())
                .isEqualTo("query-service-canary");
        assertThat(FakeServices.QUERY.received()).isEmpty();
        assertThat(FakeServices.QUERY_CANARY.last("/api/orders/mine").header("Authorization"))
                .isEqualTo("Bearer " + token);
    }

    @Test
    void aMemberOutsideTheShareStaysOnTheCurrentVersion() {
        String token = Gateway.member(memberWhere(false));

        for (int i = 0; i < 3; i++) {
            assertThat(gateway.get("/api/orders/mine", token).json().path("service").asText())
                    .isEqualTo("query-service");
        }
        assertThat(FakeServices.QUERY_CANARY.received()).isEmpty();
    }

    @Test
    void theCanaryHeaderChoosesTheCanaryWhateverTheShare() {
        String token = Gateway.member(memberWhere(false));

        Gateway.Response response = gateway.call("GET", "/api/orders/o-7", token, Map.of("X-Brew-Canary", "true"),
                null);

        assertThat(response.json().path("service").asText()).isEqualTo("query-service-canary");
        assertThat(FakeServices.QUERY_CANARY.last("/api/orders/o-7")).isNotNull();
    }

    @Test
    void commandsNeverGoToTheQueryCanary() {
        String token = Gateway.member(memberWhere(true));

        Gateway.Response response = gateway.call("POST", "/api/orders", token,
                Map.of("X-Brew-Canary", "true", "Content-Type", "application/json"), "{}");

        assertThat(response.json().path("service").asText()).isEqualTo("command-service");
    }

    @Test
    void theShareIsRoughlyTheWeight() {
        long inShare = IntStream.range(0, 1_000).filter(i -> QueryCanaryFilter.inShare("member-" + i, 50)).count();

        assertThat(inShare).isBetween(400L, 600L);
        assertThat(IntStream.range(0, 100).noneMatch(i -> QueryCanaryFilter.inShare("member-" + i, 0))).isTrue();
        assertThat(IntStream.range(0, 100).allMatch(i -> QueryCanaryFilter.inShare("member-" + i, 100))).isTrue();
    }

    private static String memberWhere(boolean inShare) {
        return IntStream.range(0, 1_000).mapToObj(i -> "canary-member-" + i)
                .filter(id -> QueryCanaryFilter.inShare(id, 50) == inShare)
                .findFirst().orElseThrow();
    }
}
