package dev.brew.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the service under test over real HTTP (its {@code local.server.port}), with test-issued tokens: the base of
 * each service test's {@code Api}, which adds the calls of its own API.
 */
public class ServiceApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Environment environment;

    public ServiceApi(Environment environment) {
        this.environment = environment;
    }

    public static String member(String id) {
        return SharedServers.jwtIssuer().token(id, "name-of-" + id, "MEMBER");
    }

    public String token(String memberId, String name) {
        return SharedServers.jwtIssuer().token(memberId, name, "MEMBER");
    }

    public static String barista(String id) {
        return SharedServers.jwtIssuer().token(id, "barista-" + id, "BARISTA");
    }

    /** One value of {@code /actuator/prometheus}, e.g. {@code metric("brew_publisher_lag_events")}. */
    public double metric(String name) {
        for (String line : get("/actuator/prometheus", null).body().split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("No metric " + name);
    }

    /**
     * The value of the first series of {@code /actuator/prometheus} whose name is {@code name} and whose labels
     * include each {@code label="value"} given, e.g. {@code metric("brew_order_duration_seconds_count",
     * "outcome=\"completed\"")}; 0 if there is none.
     */
    public double metric(String name, String... labels) {
        return PrometheusScrape.value(scrape(), name, labels);
    }

    /** The whole Prometheus scrape. */
    public String scrape() {
        return get("/actuator/prometheus", null).body();
    }

    public Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    public Response send(String method, String path, String token, String contentType, String body,
                         String... headers) {
        HttpRequest.Builder request = request(path, token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    protected HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    protected Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
