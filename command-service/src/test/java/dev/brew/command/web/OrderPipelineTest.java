package dev.brew.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.command.support.OrderEventsTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An order placed over HTTP is stored in PostgreSQL and published to Kafka, keyed by its id, as contract JSON. */
@CommandServiceTest
class OrderPipelineTest {

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;
    @Autowired
    OrderEventsTopicReader topic;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void a_placed_order_lands_in_the_event_store_and_on_the_topic() throws Exception {
        String member = "member-" + UUID.randomUUID();
        Api.Response response = api.placeOrder(Api.member(member), UUID.randomUUID().toString(),
                "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":2},{\"menuCode\":\"AMERICANO\",\"quantity\":1}]}");

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        JsonNode accepted = response.json();
        String orderId = accepted.get("orderId").asText();
        assertThat(accepted.get("status").asText()).isEqualTo("ORDERED");
        assertThat(accepted.get("orderNumber").asInt()).isPositive();

        assertThat(eventStore.eventTypes(orderId)).containsExactly("dev.brew.contracts.order.OrderPlaced");
        JsonNode stored = json.readTree(eventStore.payload(orderId, 0));
        assertThat(stored.get("memberId").asText()).isEqualTo(member);
        assertThat(stored.get("total").asLong()).isEqualTo(2 * 5000 + 4500);

        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> topic.recordsFor(orderId), r -> !r.isEmpty());
        assertThat(records).hasSize(1);
        ConsumerRecord<String, String> record = records.get(0);
        assertThat(record.key()).isEqualTo(orderId);
        JsonNode published = json.readTree(record.value());
        assertThat(published.get("orderId").asText()).isEqualTo(orderId);
        assertThat(published.get("orderNumber").asInt()).isEqualTo(accepted.get("orderNumber").asInt());
        assertThat(published.get("memberId").asText()).isEqualTo(member);
        assertThat(published.get("memberName").asText()).isEqualTo("name-of-" + member);
        assertThat(published.get("placedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode firstItem = published.get("items").get(0);
        assertThat(firstItem.get("menuCode").asText()).isEqualTo("CAFE_LATTE");
        assertThat(firstItem.get("quantity").asInt()).isEqualTo(2);
        assertThat(firstItem.get("unitPrice").asLong()).isEqualTo(5000);
        assertThat(header(record, "axon-message-type")).isEqualTo("dev.brew.contracts.order.OrderPlaced");
        // Revision 2: each line carries its options and line price (ADR 0902).
        assertThat(header(record, "axon-message-revision")).isEqualTo("2");
        assertThat(firstItem.get("options").get("size").asText()).isEqualTo("TALL");
        assertThat(firstItem.get("linePrice").asLong()).isEqualTo(10_000);
    }

    @Test
    void complete_and_cancel_follow_the_order_onto_the_topic_in_order() {
        double placedBefore = api.metric("brew_orders_placed_total");
        double completedBefore = api.metric("brew_orders_completed_total");
        double cancelledBefore = api.metric("brew_orders_cancelled_total");
        String member = "member-" + UUID.randomUUID();
        String completed = api.placeLattes(Api.member(member), 1);
        String cancelled = api.placeLattes(Api.member(member), 1);

        assertThat(api.complete(Api.barista("barista-1"), completed).status()).isEqualTo(202);
        assertThat(api.cancel(Api.member(member), cancelled).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(topic.recordsFor(completed)).extracting(r -> header(r, "axon-message-type"))
                    .containsExactly("dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderAccepted",
                            "dev.brew.contracts.order.OrderReady", "dev.brew.contracts.order.OrderPickedUp");
            assertThat(topic.recordsFor(cancelled)).extracting(r -> header(r, "axon-message-type"))
                    .containsExactly("dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderCancelled");
        });
        assertThat(api.metric("brew_orders_placed_total")).isGreaterThanOrEqualTo(placedBefore + 2);
        assertThat(api.metric("brew_orders_completed_total")).isGreaterThanOrEqualTo(completedBefore + 1);
        assertThat(api.metric("brew_orders_cancelled_total")).isGreaterThanOrEqualTo(cancelledBefore + 1);
        assertThat(api.metric("brew_publisher_lag_events")).isGreaterThanOrEqualTo(0);
        // One order's events share a key, hence a partition, hence their order.
        assertThat(topic.recordsFor(completed)).extracting(ConsumerRecord::partition).containsOnly(
                topic.recordsFor(completed).get(0).partition());
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
