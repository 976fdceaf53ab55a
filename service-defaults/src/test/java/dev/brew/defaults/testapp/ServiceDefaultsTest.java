package dev.brew.defaults.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import dev.brew.testing.SharedServers;
import dev.brew.testing.TestJwtIssuer;
import dev.brew.testing.WholeBodyFirstClient;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.test.util.ReflectionTestUtils;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What one dependency on service-defaults gives a service: strict JSON, problem bodies, JWT roles, the caller. */
@RealServers(Server.JWT_ISSUER)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "brew.security.public-paths=GET /api/public/**")
class ServiceDefaultsTest {

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    String member() {
        return SharedServers.jwtIssuer().token("m-1", "kim", "MEMBER");
    }

    JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith("https://brew.dev/problems/");
        return body;
    }

    @Test
    void valid_json_passes() throws Exception {
        HttpResponse<String> response = call("POST", "/api/greetings", member(), "{\"name\":\"kim\",\"count\":2}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).get("count").asInt()).isEqualTo(2);
    }

    @Test
    void json_is_strict_and_problems_name_the_field() throws Exception {
        String token = member();
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":42,\"count\":1}"), 400)
                .get("field").asText()).isEqualTo("name");
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":\"kim\",\"count\":\"1\"}"), 400)
                .get("field").asText()).isEqualTo("count");
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":\"kim\",\"count\":1,\"x\":1}"), 400)
                .get("field").asText()).isEqualTo("x");
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":\"\",\"count\":1}"), 400)
                .get("field").asText()).isEqualTo("name");
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":\"a\",\"name\":\"b\",\"count\":1}"), 400)
                .get("code").asText()).isEqualTo("malformed-json");
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":\"a\"} trailing"), 400)).isNotNull();
        assertThat(problem(call("POST", "/api/greetings", token, "{\"name\":\"" + "x".repeat(70_000) + "\"}"), 413))
                .isNotNull();
    }

    @Test
    void number_parameters_are_plain_decimal() throws Exception {
        assertThat(call("GET", "/api/public/pages?page=12&offset=-3", null, null).body()).isEqualTo("12/-3");
        for (String bad : new String[] {"0x1", "%230x1", "%231", "1e3", "1.5", "abc", "2147483648", "%20", "+-1", "%2B1", "1%20"}) {
            JsonNode problem = problem(call("GET", "/api/public/pages?page=" + bad, null, null), 400);
            assertThat(problem.get("field").asText()).as("page=%s", bad).isEqualTo("page");
        }
        assertThat(problem(call("GET", "/api/public/pages?offset=0x10", null, null), 400).get("field").asText())
                .isEqualTo("offset");
    }

    @Test
    void tokens_roles_and_the_caller() throws Exception {
        problem(call("GET", "/api/me", null, null), 401);
        problem(call("GET", "/api/me", SharedServers.jwtIssuer().foreignToken("m-1", "kim", "MEMBER"), null), 401);
        problem(call("GET", "/api/staff", member(), null), 403);
        assertThat(call("GET", "/api/staff", SharedServers.jwtIssuer().token("b-1", "park", "BARISTA"), null)
                .statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/public/ping", null, null).body()).isEqualTo("pong");

        JsonNode me = json.readTree(call("GET", "/api/me", member(), null).body());
        assertThat(me.get("memberId").asText()).isEqualTo("m-1");
        assertThat(me.get("name").asText()).isEqualTo("kim");
        assertThat(me.get("roles").get(0).asText()).isEqualTo("MEMBER");
    }

    /** Issue 21: Spring's default validators let a token without exp pass, and one without sub made a 500. */
    @Test
    void a_token_must_carry_exp_sub_and_our_audience() throws Exception {
        TestJwtIssuer issuer = SharedServers.jwtIssuer();
        assertThat(call("GET", "/api/me", issuer.sign(TestJwtIssuer.claims("m-1", "kim", "MEMBER").build()), null)
                .statusCode()).as("control: all claims").isEqualTo(200);
        Map<String, JWTClaimsSet> bad = Map.of(
                "no exp", TestJwtIssuer.claims("m-1", "kim", "MEMBER").expirationTime(null).build(),
                "no sub", TestJwtIssuer.claims("m-1", "kim", "MEMBER").subject(null).build(),
                "blank sub", TestJwtIssuer.claims("m-1", "kim", "MEMBER").subject(" ").build(),
                "no aud", TestJwtIssuer.claims("m-1", "kim", "MEMBER").audience((String) null).build(),
                "another aud", TestJwtIssuer.claims("m-1", "kim", "MEMBER").audience("other-app").build());
        for (Map.Entry<String, JWTClaimsSet> token : bad.entrySet()) {
            HttpResponse<String> answer = call("GET", "/api/me", issuer.sign(token.getValue()), null);
            assertThat(answer.statusCode()).as("%s: %s", token.getKey(), answer.body()).isEqualTo(401);
            problem(answer, 401);
        }
    }

    /**
     * Issue 19: a client that writes its whole 5 MiB body before reading used to get its connection reset: Tomcat
     * swallows at most 2 MiB of a body nobody read, then closes on the rest. Now it reads the 413 problem.
     */
    @Test
    void a_client_that_writes_a_whole_5_mib_body_before_reading_gets_the_413_problem() throws Exception {
        WholeBodyFirstClient.Outcome outcome = WholeBodyFirstClient.send("127.0.0.1", port,
                "POST /api/greetings HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Authorization: Bearer " + member() + "\r\nConnection: close", 5 * 1024 * 1024, 30);

        assertThat(outcome.answered()).as(outcome.toString()).isTrue();
        assertThat(outcome.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(outcome.answer()).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(json.readTree(outcome.body()).get("code").asText()).isEqualTo("payload-too-large");
    }

    /** Issue 21: Tomcat refuses [ ] in a query string before Spring runs; the answer is still a problem body. */
    @Test
    void a_query_string_tomcat_refuses_is_a_problem_not_an_html_page() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /api/public/ping?status[$ne]=DONE HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                    .doesNotContain("<html").doesNotContain("Tomcat");
            JsonNode body = json.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(body.get("status").asInt()).isEqualTo(400);
            assertThat(body.get("code").asText()).isEqualTo("malformed-request");
        }
    }

    /**
     * The firewall is Spring Security's, with Brew's character check (FirewallCharacters): a control character in the
     * Authorization header is refused (400) before any token is looked at (which would be a 401).
     */
    @Test
    void the_firewall_refuses_a_control_character_in_a_header_it_reads() throws Exception {
        // Spring's configurations wrap the chain Spring Security built in composites of their own.
        Object chain = context.getBean(FilterChainProxy.class);
        while (chain.getClass().getSimpleName().equals("CompositeFilterChainProxy")) {
            chain = ReflectionTestUtils.getField(chain, "springSecurityFilterChain");
        }
        assertThat(ReflectionTestUtils.getField(chain, "firewall"))
                .isInstanceOf(StrictHttpFirewall.class)
                .extracting("allowedHeaderValues").isNotSameAs(ReflectionTestUtils.getField(new StrictHttpFirewall(),
                        "allowedHeaderValues"));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /api/me HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer a\u0085b\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void failures_never_leak_internals() throws Exception {
        HttpResponse<String> response = call("GET", "/api/boom", member(), null);
        problem(response, 500);
        assertThat(response.body()).doesNotContain("internal detail").doesNotContain("IllegalStateException");
        problem(call("GET", "/api/nothing", member(), null), 404);
        problem(call("DELETE", "/api/greetings", member(), null), 405);
    }

    @Test
    void a_refusal_answers_with_the_problem_it_carries() throws Exception {
        HttpResponse<String> response = call("GET", "/api/refused?name=kim", member(), null);
        JsonNode body = problem(response, 409);
        assertThat(body.get("type").asText()).isEqualTo("https://brew.dev/problems/greeting-refused");
        assertThat(body.get("code").asText()).isEqualTo("greeting-refused");
        assertThat(body.get("field").asText()).isEqualTo("name");
        assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("name");
        assertThat(body.get("detail").asText()).isEqualTo("No greeting for kim");
        assertThat(body.get("name").asText()).isEqualTo("kim");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
    }

    @Test
    void a_store_that_cannot_be_reached_is_a_503_without_internals() throws Exception {
        HttpResponse<String> response = call("GET", "/api/store-down", member(), null);
        assertThat(problem(response, 503).get("code").asText()).isEqualTo("unavailable");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).doesNotContain("10.0.0.9");
    }

    @Test
    void health_and_metrics_are_public() throws Exception {
        assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/actuator/prometheus", null, null).body()).contains("jvm_memory_used_bytes");
    }
}
