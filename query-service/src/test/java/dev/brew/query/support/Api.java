package dev.brew.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.testing.SharedServers;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls query-service over real HTTP, as the gateway would. */
@TestComponent
public class Api {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Environment environment;

    public Api(Environment environment) {
        this.environment = environment;
    }

    public static String member(String id) {
        return SharedServers.jwtIssuer().token(id, "name-of-" + id, "MEMBER");
    }

    public static String barista(String id) {
        return SharedServers.jwtIssuer().token(id, "barista-" + id, "BARISTA");
    }

    public static String operator(String id) {
        return SharedServers.jwtIssuer().token(id, "operator-" + id, "OPERATOR");
    }

    public int port() {
        return Integer.parseInt(environment.getProperty("local.server.port"));
    }

    /**
     * The value of the first series of {@code /actuator/prometheus} named {@code name} whose labels include each
     * {@code label="value"} given; 0 if there is none.
     */
    public double metric(String name, String... labels) {
        return dev.brew.testing.PrometheusScrape.value(scrape(), name, labels);
    }

    /** The whole Prometheus scrape. */
    public String scrape() {
        return get("/actuator/prometheus", null).body();
    }

    public Response get(String path, String token) {
        return send(port(), "GET", path, token);
    }

    public Response post(String path, String token) {
        return send(port(), "POST", path, token);
    }

    public static Response send(int port, String method, String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String contentType, String body) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }
    }
}
