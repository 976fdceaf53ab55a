package dev.brew.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.system.support.Brew;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.Response;
import dev.brew.system.support.Session;
import dev.brew.system.support.SystemTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace across the real processes: a caller's W3C {@code traceparent} goes in at the gateway, and the same trace id
 * comes out in the event command-service stored (Axon metadata, which also travels as a Kafka header) and in the
 * change query-service's projection announced on its topic of view changes after reading the event from Kafka — the
 * context the push to the screens continues. Each service's own tests check its spans' parents link by link; this checks the whole chain.
 */
@SystemTest
@Order(40)
class TraceAcrossServicesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Brew brew;
    private static Gateway gateway;

    @BeforeAll
    static void settled(Brew shared) {
        brew = shared;
        gateway = shared.gateway();
        shared.awaitSettled(Duration.ofSeconds(180));
    }

    @Test
    void theCallersTraceRunsThroughTheGatewayTheEventStoreKafkaAndTheProjection() throws Exception {
        Session member = gateway.newMember("traced");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = UUID.randomUUID().toString().replace("-", "").substring(0, 16);

        Response placed = gateway.post("/api/orders", member, Gateway.orderBody(gateway.menuCodes(), 1),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(),
                        "traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        assertThat(placed.status()).as("%s", placed).isEqualTo(202);
        String orderId = placed.json().path("orderId").asText();

        List<String> stored = brew.eventStore().metadataOf(List.of(orderId)).get(orderId);
        assertThat(stored).as("metadata of the stored OrderPlaced").hasSize(1);
        assertThat(stored.get(0)).contains("\"traceparent\"", traceId).doesNotContain(callerSpan);

        // The change the projection announced to the screens (query-service's topic of view changes), read back.
        try (KafkaConsumer<String, String> changes = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + brew.stack().ports().kafka()),
                new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("brew.order-events.changes", 0);
            changes.assign(List.of(partition));
            changes.seekToBeginning(List.of(partition));
            List<String> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                changes.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (orderId.equals(r.key())) {
                        found.add(r.value());
                    }
                });
                return !found.isEmpty();
            });
            String projected = JSON.readTree(found.get(0)).path("traceparent").asText();
            System.out.printf("[system-tests] trace %s: caller span %s, stored event %s, projection %s%n", traceId,
                    callerSpan, stored.get(0), projected);
            assertThat(projected).as("the projection's traceparent").startsWith("00-" + traceId + "-")
                    .doesNotContain(callerSpan);
        }
    }
}
