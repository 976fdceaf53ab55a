package dev.brew.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The few calls of Brew's public API the harness makes itself, always through the gateway. */
public final class BrewApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "benchmark password 1";

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public BrewApi(String baseUrl) {
        this.base = URI.create(baseUrl);
    }

    public URI base() {
        return base;
    }

    public HttpClient http() {
        return http;
    }

    /** Signs in and returns the bearer token. */
    public String signIn(String name, String password) {
        Answer answer = post("/api/sessions", null, json(Map.of("name", name, "password", password)));
        if (answer.status() != 200) {
            throw new IllegalStateException("sign-in of " + name + ": " + answer);
        }
        return answer.json().path("token").asText();
    }

    /** Signs a new member up (if needed) and in; returns the token. */
    public String member(String name) {
        Answer signedUp = post("/api/members", null, json(Map.of("name", name, "password", PASSWORD)));
        if (signedUp.status() != 201 && signedUp.status() != 409) {
            throw new IllegalStateException("sign-up of " + name + ": " + signedUp);
        }
        return signIn(name, PASSWORD);
    }

    public HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    public HttpRequest placeOrder(String token, String body) {
        return request("/api/orders", token).header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    }

    public Answer get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Answer post(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
    }

    public Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted");
        }
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A status and a body. */
    public record Answer(int status, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }
    }
}
