package dev.brew.query.observability;

import dev.brew.query.projection.OrderStatusProjection;
import dev.brew.query.projection.ViewVersions;
import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.QueryServiceTest;
import dev.brew.query.support.SseClient;
import dev.brew.testing.RecordedSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of query-service: the projection's lag, the Kafka consumer's lag, open streams, and the
 * trace of an order continued from its Kafka record to the push to live screens.
 */
@QueryServiceTest
class ObservabilityTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String LAG = "brew_kafka_consumer_lag_records";
    private static final String ORDER_STATUS = "processor=\"" + OrderStatusProjection.PROCESSING_GROUP + "\"";

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;
    @Autowired
    ViewVersions versions;

    @Test
    void projection_lag_is_recorded_for_each_event_projected() {
        double before = api.metric("brew_projection_lag_seconds_count", ORDER_STATUS);
        String orderId = events.place("member-" + UUID.randomUUID());
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + orderId, Api.barista("b-1")).status() == 200);
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(api.metric("brew_projection_lag_seconds_count", ORDER_STATUS)).isGreaterThan(before));
        assertThat(api.metric("brew_projection_lag_seconds_sum", ORDER_STATUS)).isPositive();
        assertThat(api.scrape()).contains("brew_projection_lag_seconds_bucket{");
    }

    @Test
    void consumer_lag_grows_while_the_projection_is_stuck_and_returns_to_zero_when_it_recovers() {
        events.place("member-" + UUID.randomUUID());
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.scrape())
                .containsPattern(LAG + "\\{[^}]*" + ORDER_STATUS + "[^}]*\\} 0\\.0"));

        // A view document the projection cannot update ($addToSet on a non-array) stops it at that order's event:
        // the processor retries it, its token stands still, and everything published after it waits.
        String stuck = OrderEvents.newOrderId();
        versions.activeCollection().insertOne(new Document("_id", stuck).append("applied", "not-an-array"));
        events.publish(0, OrderEvents.placed(stuck, "member-stuck", Instant.now()));
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiting.add(events.place("member-" + UUID.randomUUID()));
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.metric(LAG, ORDER_STATUS)).isGreaterThanOrEqualTo(20));

        versions.activeCollection().deleteOne(new Document("_id", stuck));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(waiting).allSatisfy(id ->
                assertThat(api.get("/api/orders/" + id, Api.barista("b-1")).status()).isEqualTo(200)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.metric(LAG, ORDER_STATUS)).isZero());
    }

    @Test
    void open_streams_are_counted() {
        double before = api.metric("brew_sse_connections");
        try (SseClient stream = SseClient.connect(api.port(), Api.barista("b-" + UUID.randomUUID()))) {
            await().atMost(WAIT).until(() -> stream.events("snapshot").size() == 1);
            assertThat(api.metric("brew_sse_connections")).isEqualTo(before + 1);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(api.metric("brew_sse_connections")).isEqualTo(before));
    }

    @Test
    void the_trace_of_a_kafka_record_continues_through_the_projection_to_the_push_to_screens() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String publishSpan = HexFormat.of().formatHex(randomBytes(8));
        String requestId = "req-" + UUID.randomUUID();
        String orderId = OrderEvents.newOrderId();
        try (SseClient stream = SseClient.connect(api.port(), Api.barista("b-" + UUID.randomUUID()))) {
            await().atMost(WAIT).until(() -> stream.events("snapshot").size() == 1);

            // As command-service publishes a traced event: its trace context and request id in the metadata headers.
            events.publish(0, OrderEvents.placed(orderId, "member-traced", Instant.now()),
                    Map.of("traceparent", "00-" + traceId + "-" + publishSpan + "-01", "requestId", requestId));

            await().atMost(WAIT).until(() -> !stream.orderEvents(orderId).isEmpty());
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordedSpans.of(traceId).stream()
                .anyMatch(span -> span.getName().equals("OrderChangeFeed.push")));
        List<SpanData> spans = RecordedSpans.of(traceId);
        System.out.printf("TRACE %s of order %s in query-service:%n%s%n", traceId, orderId,
                RecordedSpans.describe(traceId));

        SpanData processed = spans.stream()
                .filter(span -> span.getName().equals("StreamingEventProcessor.process(OrderPlaced)"))
                .findFirst().orElseThrow(() -> new AssertionError(RecordedSpans.describe(traceId)));
        // The projection's span is a child of the command side's publish span named in the record's headers.
        assertThat(processed.getParentSpanId()).isEqualTo(publishSpan);
        assertThat(spans).extracting(SpanData::getName)
                .contains("OrderChangeFeed.push")
                .anySatisfy(name -> assertThat(name).startsWith("OrderStatusProjection.on(OrderPlaced"));
        assertThat(processed.getAttributes().asMap().toString()).contains(requestId);
    }

    @Test
    void liveness_is_the_process_and_readiness_is_its_database() {
        Api.Response liveness = api.get("/actuator/health/liveness", null);
        Api.Response readiness = api.get("/actuator/health/readiness", null);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "mongo");
    }

    @Test
    void the_libraries_own_metrics_are_served() {
        String scrape = api.scrape();
        assertThat(scrape).contains("jvm_memory_used_bytes{", "mongodb_driver_pool_size{",
                "http_server_requests_seconds_bucket{",
                "eventProcessor_latency{application=\"query-service\",processorName=\"order-status\"}");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        return bytes;
    }
}
