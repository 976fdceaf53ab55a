package dev.brew.gateway.security;

import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@GatewayTest
class AuthenticationTest {

    @Autowired
    Gateway gateway;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
    }

    @Test
    void publicCallsPassWithoutAToken() {
        assertThat(gateway.get("/api/menu", null).status()).isEqualTo(200);
        assertThat(gateway.post("/api/members", null, "{\"name\":\"ann\",\"password\":\"pw\"}").status())
                .isEqualTo(200);
        assertThat(gateway.post("/api/sessions", null, "{\"name\":\"ann\",\"password\":\"pw\"}").status())
                .isEqualTo(200);
        assertThat(gateway.get("/.well-known/jwks.json", null).status()).isEqualTo(200);
        assertThat(gateway.get("/actuator/health/readiness", null).status()).isEqualTo(200);

        assertThat(FakeServices.COMMAND.last("/api/menu").header("Authorization")).isNull();
        assertThat(FakeServices.MEMBER.last("/api/members").body()).contains("ann");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/orders/mine", "GET /api/orders", "GET /api/orders/o-1", "POST /api/orders",
            "POST /api/orders/o-1/complete", "POST /api/orders/o-1/cancel", "GET /api/members/m-1",
            "POST /api/admin/replays", "GET /api/orders/stream", "GET /api/anything-else"})
    void everyOtherApiCallNeedsAToken(String call) {
        String[] parts = call.split(" ");

        Gateway.Response response = gateway.call(parts[0], parts[1], null, Map.of("Content-Type",
                "application/json"), parts[0].equals("POST") ? "{}" : null);

        assertUnauthorized(response);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(FakeServices.COMMAND.received()).isEmpty();
        assertThat(FakeServices.QUERY.received()).isEmpty();
        assertThat(FakeServices.MEMBER.received(r -> r.path().startsWith("/api"))).isEmpty();
    }

    @Test
    void aValidTokenPasses() {
        String token = Gateway.member("m-valid");

        Gateway.Response response = gateway.get("/api/orders/mine", token);

        assertThat(response.status()).isEqualTo(200);
        assertThat(FakeServices.QUERY.last("/api/orders/mine").header("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertRefused(SharedServers.jwtIssuer().expiredToken("m-exp", "Exp", "MEMBER"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefused() {
        assertRefused(SharedServers.jwtIssuer().foreignToken("m-foreign", "Foreign", "MEMBER"));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String[] valid = Gateway.member("m-none").split("\\.");
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");

        assertRefused(header + "." + valid[1] + ".");
    }

    @Test
    void aTokenWithATamperedPayloadIsRefused() {
        String[] valid = Gateway.member("m-tampered").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(valid[1]), StandardCharsets.UTF_8)
                .replace("\"MEMBER\"", "\"OPERATOR\"");
        assertThat(claims).contains("OPERATOR");

        assertRefused(valid[0] + "." + base64(claims) + "." + valid[2]);
    }

    @Test
    void aTokenClaimingHmacIsRefused() {
        // Same key, but the HMAC algorithm with the public key as secret: the classic confusion attack.
        String[] valid = Gateway.member("m-hs").split("\\.");
        String header = base64("{\"alg\":\"HS256\",\"kid\":\"test-key\",\"typ\":\"JWT\"}");

        assertRefused(header + "." + valid[1] + "." + valid[2]);
    }

    @Test
    void garbageIsRefused() {
        assertRefused("not-a-jwt");
    }

    private void assertRefused(String token) {
        Gateway.Response response = gateway.get("/api/orders/mine", token);

        assertUnauthorized(response);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        assertThat(FakeServices.QUERY.received()).isEmpty();
    }

    private static void assertUnauthorized(Gateway.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("code").asText()).isEqualTo("unauthorized");
        assertThat(response.json().path("status").asInt()).isEqualTo(401);
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
