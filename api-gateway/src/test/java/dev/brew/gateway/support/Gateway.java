package dev.brew.gateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.testing.SharedServers;
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
import java.util.LinkedHashMap;
import java.util.Map;

/** Calls the gateway over real HTTP, as a browser or the UI's code would. */
@TestComponent
public class Gateway {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Environment environment;

    public Gateway(Environment environment) {
        this.environment = environment;
    }

    public static String member(String id) {
        return SharedServers.jwtIssuer().token(id, "name-of-" + id, "MEMBER");
    }

    public static String barista(String id) {
        return SharedServers.jwtIssuer().token(id, "barista-" + id, "BARISTA");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    }

    public HttpClient client() {
        return http;
    }

    public Response get(String path, String token) {
        return call("GET", path, token, Map.of(), null);
    }

    public Response post(String path, String token, String json) {
        return call("POST", path, token, Map.of("Content-Type", "application/json"), json);
    }

    public Response call(String method, String path, String token, Map<String, String> headers, String body) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        all.forEach(request::header);
        return send(request.build());
    }

    public Response send(HttpRequest request) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, HttpHeaders headers, String body, Duration took) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + headers.map() + " " + body;
        }
    }
}
