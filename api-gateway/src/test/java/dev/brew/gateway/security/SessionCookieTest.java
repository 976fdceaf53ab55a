package dev.brew.gateway.security;

import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.HttpCookie;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The browser's session: a cookie set at sign-in, good for safe calls only, cleared at sign-out. */
@GatewayTest
class SessionCookieTest {

    @Autowired
    Gateway gateway;

    private String token;

    @BeforeEach
    void signInAnswersWithAToken() {
        FakeServices.resetAll();
        token = Gateway.member("m-cookie");
        FakeServices.MEMBER.answer("POST", "/api/sessions", exchange -> FakeService.json(exchange, 200,
                "application/json", "{\"token\":\"" + token + "\",\"member\":{\"id\":\"m-cookie\",\"name\":\"Cookie\"}}"));
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieHoldingTheTokenForItsLifetime() {
        Gateway.Response response = gateway.post("/api/sessions", null, "{\"name\":\"Cookie\",\"password\":\"pw\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("token").asText()).isEqualTo(token);
        String setCookie = response.header("Set-Cookie");
        assertThat(setCookie).contains("SameSite=Strict");
        HttpCookie cookie = HttpCookie.parse(setCookie).get(0);
        assertThat(cookie.isHttpOnly()).as("HttpOnly").isTrue();
        assertThat(cookie.getSecure()).as("Secure").isTrue();
        assertThat(cookie.getPath()).isEqualTo("/api");
        assertThat(cookie.getName()).isEqualTo("brew_session");
        assertThat(cookie.getValue()).isEqualTo(token);
        // The test issuer's tokens live 15 minutes.
        assertThat(cookie.getMaxAge()).isCloseTo(900L, within(5L));
    }

    @Test
    void aFailedSignInSetsNoCookieAndPassesTheProblemThrough() {
        String problem = "{\"status\":401,\"code\":\"bad-credentials\"}";
        FakeServices.MEMBER.answer("POST", "/api/sessions",
                exchange -> FakeService.json(exchange, 401, "application/problem+json", problem));

        Gateway.Response response = gateway.post("/api/sessions", null, "{\"name\":\"x\",\"password\":\"bad\"}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).isEqualTo(problem);
        assertThat(response.header("Set-Cookie")).isNull();
    }

    @Test
    void theCookieBecomesABearerTokenForAGetWithoutAuthorization() {
        Gateway.Response response = gateway.call("GET", "/api/orders/mine", null,
                Map.of("Cookie", "theme=dark; brew_session=" + token), null);

        assertThat(response.status()).isEqualTo(200);
        FakeService.Received received = FakeServices.QUERY.last("/api/orders/mine");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        // The token travels in one place only: the session cookie is not passed on, other cookies are.
        assertThat(received.header("Cookie")).isEqualTo("theme=dark");
    }

    @Test
    void theCookieIsNeverATokenForAWrite() {
        Gateway.Response response = gateway.call("POST", "/api/orders", null,
                Map.of("Cookie", "brew_session=" + token, "Content-Type", "application/json"),
                "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(FakeServices.COMMAND.received()).isEmpty();
    }

    @Test
    void anExplicitAuthorizationHeaderWinsOverTheCookie() {
        String other = Gateway.barista("b-header");

        gateway.call("GET", "/api/orders", other, Map.of("Cookie", "brew_session=" + token), null);

        assertThat(FakeServices.QUERY.last("/api/orders").header("Authorization")).isEqualTo("Bearer " + other);
    }

    @Test
    void anExpiredCookieDoesNotBreakPublicCalls() {
        String expired = dev.brew.testing.SharedServers.jwtIssuer().expiredToken("m-old", "Old", "MEMBER");

        Gateway.Response menu = gateway.call("GET", "/api/menu", null, Map.of("Cookie", "brew_session=" + expired),
                null);
        Gateway.Response mine = gateway.call("GET", "/api/orders/mine", null,
                Map.of("Cookie", "brew_session=" + expired), null);

        assertThat(menu.status()).isEqualTo(200);
        assertThat(mine.status()).isEqualTo(401);
    }

    @Test
    void signOutClearsTheCookieInTheGateway() {
        Gateway.Response response = gateway.call("DELETE", "/api/sessions", null,
                Map.of("Cookie", "brew_session=" + token), null);

        assertThat(response.status()).isEqualTo(204);
        List<HttpCookie> cookies = HttpCookie.parse(response.header("Set-Cookie"));
        assertThat(cookies.get(0).getName()).isEqualTo("brew_session");
        assertThat(cookies.get(0).getValue()).isEmpty();
        assertThat(cookies.get(0).getMaxAge()).isZero();
        assertThat(response.header("Set-Cookie")).contains("Path=/api");
        assertThat(FakeServices.MEMBER.received(r -> r.path().equals("/api/sessions"))).isEmpty();
    }
}
