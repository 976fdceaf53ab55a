package dev.brew.member.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Calls member-service over real HTTP, as the gateway would (with an X-Forwarded-For of its choosing). */
@TestComponent
public class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Environment environment;

    public Api(Environment environment) {
        this.environment = environment;
    }

    /** A name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A client address no other test uses, so that the per-address limit of one test never hits another. */
    public static String freshAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    public Response signUp(String name, String password) {
        return post("/api/members", body(name, password), null, freshAddress());
    }

    /** Signs up and returns the new member's id. */
    public String signUpOk(String name, String password) {
        Response response = signUp(name, password);
        if (response.status() != 201) {
            throw new AssertionError("Sign-up refused: " + response);
        }
        return response.json().get("id").asText();
    }

    public Response signIn(String name, String password) {
        return signIn(name, password, freshAddress());
    }

    public Response signIn(String name, String password, String forwardedFor) {
        return post("/api/sessions", body(name, password), null, forwardedFor);
    }

    /** Signs in and returns the bearer token. */
    public String token(String name, String password) {
        Response response = signIn(name, password);
        if (response.status() != 200) {
            throw new AssertionError("Sign-in refused: " + response);
        }
        return response.json().get("token").asText();
    }

    public Response get(String path, String token) {
        HttpRequest.Builder request = request(path, token, null).GET();
        return send(request.build());
    }

    public Response post(String path, String json, String token, String forwardedFor) {
        return send(request(path, token, forwardedFor)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public static String body(String name, String password) {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("password", password);
        return body.toString();
    }

    private HttpRequest.Builder request(String path, String token, String forwardedFor) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
