package dev.brew.defaults.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.testing.Ports;
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

/** A service that never got the issuer's keys cannot tell a good token from a bad one: 503, not 401, never 500. */
@RealServers(Server.JWT_ISSUER)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwksNeverFetchedTest {

    @DynamicPropertySource
    static void nobodyListens(DynamicPropertyRegistry registry) {
        int closed = Ports.free();
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + closed + "/.well-known/jwks.json");
    }

    @LocalServerPort
    int port;

    @Test
    void aTokenThatCannotBeCheckedIsA503Problem() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/me"))
                .header("Authorization", "Bearer " + SharedServers.jwtIssuer().token("m-8", "kang", "MEMBER"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        JsonNode problem = new ObjectMapper().readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("authentication-unavailable");
        assertThat(response.body()).doesNotContain("Exception", "127.0.0.1");
    }
}
