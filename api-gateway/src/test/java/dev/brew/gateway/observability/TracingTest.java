package dev.brew.gateway.observability;

import dev.brew.gateway.support.FakeService;
import dev.brew.gateway.support.FakeServices;
import dev.brew.gateway.support.Gateway;
import dev.brew.gateway.support.GatewayTest;
import dev.brew.testing.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway is the first hop of an order's trace: it continues a caller's W3C trace context (or starts one), and
 * hands the service it calls its own client span as {@code traceparent}, with the request id.
 */
@GatewayTest
class TracingTest {

    @Autowired
    Gateway gateway;

    @BeforeEach
    void reset() {
        FakeServices.resetAll();
    }

    @Test
    void the_callers_trace_goes_through_the_gateway_to_the_service() {
        String traceId = hex(16);
        String callerSpan = hex(8);
        Gateway.Response response = gateway.call("POST", "/api/orders", Gateway.member("m-" + UUID.randomUUID()),
                Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01", "Content-Type", "application/json",
                        "Idempotency-Key", UUID.randomUUID().toString()),
                "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}");
        assertThat(response.status()).isEqualTo(200);

        FakeService.Received received = FakeServices.COMMAND.last("/api/orders");
        String traceparent = received.header("traceparent");
        assertThat(traceparent).startsWith("00-" + traceId + "-").endsWith("-01");
        assertThat(received.header("X-Request-Id")).isEqualTo(response.headers().firstValue("X-Request-Id")
                .orElseThrow());
        String handedOn = traceparent.split("-")[2];

        await().atMost(Duration.ofSeconds(10)).until(() -> RecordedSpans.of(traceId).size() >= 2);
        List<SpanData> spans = RecordedSpans.of(traceId);
        System.out.printf("TRACE %s in api-gateway:%n%s%n", traceId, RecordedSpans.describe(traceId));
        SpanData server = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertThat(server.getParentSpanId()).isEqualTo(callerSpan);
        SpanData client = spans.stream().filter(s -> s.getSpanId().equals(handedOn)).findFirst().orElseThrow();
        assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
    }

    @Test
    void a_call_without_a_trace_gets_one() {
        Gateway.Response response = gateway.get("/api/menu", null);
        assertThat(response.status()).isEqualTo(200);
        String traceparent = FakeServices.COMMAND.last("/api/menu").header("traceparent");
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        String traceId = traceparent.split("-")[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordedSpans.of(traceId).stream()
                .anyMatch(s -> s.getKind() == SpanKind.SERVER));
    }

    @Test
    void a_callers_unsampled_trace_is_handed_on_unsampled_in_the_same_trace() {
        String traceId = hex(16);
        Gateway.Response response = gateway.call("GET", "/api/menu", null,
                Map.of("traceparent", "00-" + traceId + "-" + hex(8) + "-00"), null);
        assertThat(response.status()).isEqualTo(200);

        String traceparent = FakeServices.COMMAND.last("/api/menu").header("traceparent");
        assertThat(traceparent).as("the sampler follows the caller's decision")
                .matches("00-" + traceId + "-[0-9a-f]{16}-00");
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1;
        return HexFormat.of().formatHex(random);
    }
}
