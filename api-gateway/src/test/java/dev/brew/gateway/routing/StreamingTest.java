package dev.brew.gateway.routing;

import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order stream through the gateway: opened by a browser that has only the session cookie, each event passed on
 * as soon as the service sends it (not buffered until the end), and kept open past the response timeout of
 * ordinary calls.
 */
@GatewayTest
class StreamingTest {

    @Autowired
    Gateway gateway;

    private final CountDownLatch sendSecond = new CountDownLatch(1);
    private final AtomicBoolean serviceFinished = new AtomicBoolean();

    @BeforeEach
    void slowEventStream() {
        FakeServices.resetAll();
        FakeServices.QUERY.answer("GET", "/api/orders/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("id: 1\nevent: order\ndata: {\"orderNumber\":1,\"status\":\"ORDERED\"}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                // The second event only after the test has seen the first one through the gateway.
                sendSecond.await(10, TimeUnit.SECONDS);
                out.write("id: 2\nevent: order\ndata: {\"orderNumber\":1,\"status\":\"DONE\"}\n\n"
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                serviceFinished.set(true);
            }
        });
    }

    @AfterEach
    void release() {
        sendSecond.countDown();
    }

    @Test
    void eventsStreamThroughAsTheyComeAndTheStreamOutlivesTheResponseTimeout() throws Exception {
        String token = Gateway.member("m-stream");
        HttpRequest request = HttpRequest.newBuilder(gateway.uri("/api/orders/stream"))
                .header("Accept", "text/event-stream")
                .header("Cookie", "brew_session=" + token)
                .header("Last-Event-ID", "0")
                .GET().build();
        List<String> lines = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();

        HttpResponse<Stream<String>> response = gateway.client().send(request, HttpResponse.BodyHandlers.ofLines());
        CompletableFuture.runAsync(() -> {
            try (Stream<String> body = response.body()) {
                body.forEach(lines::add);
            } finally {
                ended.set(true);
            }
        });

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("data: {\"orderNumber\":1,\"status\":\"ORDERED\"}"));
        assertThat(serviceFinished).as("the service is still sending: the gateway did not buffer").isFalse();

        // Ordinary calls time out after 1 s in the test profile; the stream must stay open well past that.
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3)).until(() -> !ended.get());

        sendSecond.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("data: {\"orderNumber\":1,\"status\":\"DONE\"}"));
        await().atMost(Duration.ofSeconds(5)).untilTrue(ended);

        FakeService.Received received = FakeServices.QUERY.last("/api/orders/stream");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("Last-Event-ID")).isEqualTo("0");
        assertThat(received.header("Cookie")).isNull();
    }
}
