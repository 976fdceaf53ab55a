package dev.brew.command.observability;

import dev.brew.command.members.MemberDirectoryTest;
import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.command.support.OrderEventsTopicReader;
import dev.brew.contracts.Role;
import dev.brew.contracts.member.MemberRegistered;
import dev.brew.testing.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.springboot.TimeoutProperties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of command-service: business and pipeline metrics that move with the orders, a trace that
 * continues the caller's (the gateway's) and travels on in the events' metadata and the Kafka headers, and health
 * groups that mean something.
 */
@CommandServiceTest
class ObservabilityTest {

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;
    @Autowired
    OrderEventsTopicReader topic;
    @Autowired
    TimeoutProperties timeouts;

    @Test
    void order_duration_is_recorded_when_an_order_is_completed_or_cancelled() {
        double completedBefore = api.metric("brew_order_duration_seconds_count", "outcome=\"completed\"");
        double cancelledBefore = api.metric("brew_order_duration_seconds_count", "outcome=\"cancelled\"");
        String member = "member-" + UUID.randomUUID();
        String token = api.token(member, "Duration");
        String toComplete = api.placeLattes(token, 1);
        String toCancel = api.placeLattes(token, 2);

        assertThat(api.complete(Api.barista("barista-1"), toComplete).status()).isEqualTo(202);
        assertThat(api.cancel(token, toCancel).status()).isEqualTo(202);

        assertThat(api.metric("brew_order_duration_seconds_count", "outcome=\"completed\""))
                .isEqualTo(completedBefore + 1);
        assertThat(api.metric("brew_order_duration_seconds_count", "outcome=\"cancelled\""))
                .isEqualTo(cancelledBefore + 1);
        assertThat(api.metric("brew_order_duration_seconds_sum", "outcome=\"completed\"")).isPositive();
        assertThat(api.scrape()).contains("brew_order_duration_seconds_bucket{");
    }

    @Test
    void axons_time_limit_bounds_each_unit_of_work_not_each_handler_in_it() {
        // A command and a processor's batch keep Axon's limits (warned about, then interrupted) ...
        assertThat(timeouts.isEnabled()).isTrue();
        assertThat(timeouts.getTransaction().getCommandBus().getTimeoutMs()).isPositive();
        assertThat(timeouts.getTransaction().getEventProcessors().getTimeoutMs()).isPositive();
        // ... and no second limit, with its stack trace and scheduled task, around every handler inside them.
        var handlers = timeouts.getHandler();
        for (var limit : List.of(handlers.getCommands(), handlers.getEvents(), handlers.getQueries(),
                handlers.getDeadlines())) {
            assertThat(limit.getTimeoutMs()).isNegative();
            assertThat(limit.getWarningThresholdMs()).isNegative();
        }
    }

    @Test
    void the_callers_trace_continues_through_the_command_the_event_store_and_the_kafka_publisher() {
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String requestId = "req-" + UUID.randomUUID();
        String token = api.token("member-" + UUID.randomUUID(), "Traced");

        // As the gateway calls: W3C trace context of its client span, and its request id.
        Api.Response placed = api.send("POST", "/api/orders", token, "application/json",
                "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}",
                "Idempotency-Key", UUID.randomUUID().toString(),
                "traceparent", "00-" + traceId + "-" + HexFormat.of().formatHex(randomBytes(8)) + "-01",
                "X-Request-Id", requestId);
        assertThat(placed.status()).isEqualTo(202);
        String orderId = placed.json().get("orderId").asText();

        // The stored event carries the trace context and the request id in its metadata ...
        assertThat(eventStore.metaData(orderId, 0)).contains("\"traceparent\":\"00-" + traceId + "-")
                .contains("\"requestId\":\"" + requestId + "\"");
        // ... and so does its Kafka record, as headers (the query side continues the trace from there).
        ConsumerRecord<String, String> record = await().atMost(Duration.ofSeconds(30))
                .until(() -> topic.recordsFor(orderId), records -> !records.isEmpty()).get(0);
        assertThat(header(record, "axon-metadata-traceparent")).startsWith("00-" + traceId + "-");
        assertThat(header(record, "axon-metadata-requestId")).isEqualTo(requestId);

        // Every span of the order's way through this service is in the caller's trace.
        await().atMost(Duration.ofSeconds(10)).until(() -> RecordedSpans.of(traceId).stream()
                .anyMatch(s -> s.getName().equals("StreamingEventProcessor.process(OrderPlaced)")));
        List<SpanData> spans = RecordedSpans.of(traceId);
        System.out.printf("TRACE %s of order %s in command-service:%n%s%n", traceId, orderId,
                RecordedSpans.describe(traceId));
        assertThat(spans).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(s.getName()).containsIgnoringCase("post");
        });
        assertThat(spans).extracting(SpanData::getName).contains("CommandBus.dispatchCommand(PlaceOrder)",
                "CommandBus.handleCommand(PlaceOrder)", "EventBus.publishEvent(OrderPlaced)", "EventBus.commitEvents",
                // the Kafka publisher: a tracking processor on the event store, in the same trace
                "StreamingEventProcessor.process(OrderPlaced)");
    }

    @Test
    void the_member_directory_reports_its_kafka_consumer_lag() throws Exception {
        // The processor reports once its token has a position on the member-events topic.
        MemberDirectoryTest.publish(new MemberRegistered("member-" + UUID.randomUUID(), "lag", Role.MEMBER,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(api.scrape())
                .contains("brew_kafka_consumer_lag_records{")
                .contains("processor=\"member-directory\""));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                api.metric("brew_kafka_consumer_lag_records", "processor=\"member-directory\"")).isZero());
    }

    @Test
    void the_libraries_own_metrics_are_served() {
        api.placeLattes(api.token("member-" + UUID.randomUUID(), "Metrics"), 1);
        String scrape = api.scrape();
        assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_gc_memory_allocated_bytes_total", "hikaricp_connections_active{",
                "http_server_requests_seconds_bucket{", "executor_");
        // Axon's processor and handler metrics, dimensional (one name, tagged by processor / payload type).
        assertThat(scrape).contains("eventProcessor_latency{application=\"command-service\","
                        + "processorName=\"__axon-kafka-event-publishing-group\"}",
                "commandBus_allTimer_seconds_count{application=\"command-service\",payloadType=\"PlaceOrder\"}");
    }

    @Test
    void liveness_is_the_process_and_readiness_is_its_database() {
        Api.Response liveness = api.get("/actuator/health/liveness", null);
        Api.Response readiness = api.get("/actuator/health/readiness", null);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("components").has("db")).isFalse();
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("components").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("readinessState", "db");
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        return bytes;
    }
}
