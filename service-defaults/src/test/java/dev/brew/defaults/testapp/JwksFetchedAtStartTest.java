package dev.brew.defaults.testapp;

import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service that started while member-service was up checks tokens after member-service went away, even when no
 * token reached it before: it fetched the keys when it started ({@code IssuerKeys}), not with the first token. (A
 * rolling redeploy restarts command-service, then member-service: the restarted command-service instance may get its
 * first token only then.)
 */
@RealServers(Server.JWT_ISSUER)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksFetchedAtStartTest {

    private static JwksOutageTest.Jwks jwks;

    private static synchronized JwksOutageTest.Jwks jwks() {
        if (jwks == null) {
            jwks = new JwksOutageTest.Jwks();
        }
        return jwks;
    }

    @DynamicPropertySource
    static void jwksUri(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> jwks().uri());
    }

    @LocalServerPort
    int port;

    @Test
    void theFirstTokenAfterTheIssuerWentAwayIsCheckedWithTheKeysFetchedAtStart() throws Exception {
        jwks().stop(); // for good: connections to its port are refused from now on

        String token = SharedServers.jwtIssuer().token("m-8", "kim", "MEMBER");
        HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    }
}
