package dev.brew.defaults.logapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code BREW_LOG_FORMAT=json} ({@code brew.log.format}) every console line is one JSON object that carries the
 * trace id, span id, request id and order id of what it is about.
 */
@RealServers(Server.JWT_ISSUER)
@AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = LoggingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"brew.log.format=json", "brew.security.public-paths=GET /api/logged/**"})
class JsonLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void a_log_line_is_json_with_the_trace_span_request_and_order_ids(CapturedOutput output) throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String requestId = "req-" + UUID.randomUUID();
        String orderId = UUID.randomUUID().toString();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/logged/" + orderId))
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .header("X-Request-Id", requestId)
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode line = await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().lines()
                .filter(l -> l.contains(LoggingTestApplication.MESSAGE)).map(JsonLogsTest::parse)
                .findFirst().orElse(null), l -> l != null);
        System.out.println("JSON-LOG " + line);
        assertThat(line.path("message").asText()).isEqualTo(LoggingTestApplication.MESSAGE);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("traceId").asText()).isEqualTo(traceId);
        assertThat(line.path("spanId").asText()).matches("[0-9a-f]{16}");
        assertThat(line.path("requestId").asText()).isEqualTo(requestId);
        assertThat(line.path("orderId").asText()).isEqualTo(orderId);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JSON line: " + line, e);
        }
    }
}
