package dev.brew.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.command.support.OrderEventsTopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code OrderPlaced} of revision 1 (before drink options), stored as the service stored it then, is read
 * through the upcaster: the order takes its next steps, and the publisher puts it on the topic as revision 2 with
 * each line's price. The stored row itself is never rewritten.
 */
@CommandServiceTest
class OldOrderPlacedTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;
    @Autowired
    OrderEventsTopicReader topic;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_order_placed_of_revision_1_is_read_as_revision_2_and_goes_on() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String revision1 = """
                {"orderId":"%s","orderNumber":901,"memberId":"member-old","memberName":"old",
                 "items":[{"menuCode":"CAFE_LATTE","name":"Caffè Latte","quantity":2,"unitPrice":5000}],
                 "total":10000,"placedAt":"2026-11-01T01:02:03Z","reward":null}""".formatted(orderId);
        jdbc.update("""
                insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                    time_stamp, payload_type, payload_revision, payload, meta_data)
                values (?, ?, 0, 'Order', ?, 'dev.brew.contracts.order.OrderPlaced', '1', ?, ?)""",
                UUID.randomUUID().toString(), orderId, Instant.parse("2026-11-01T01:02:03Z").toString(),
                revision1.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));

        String barista = Api.barista("barista-1");
        assertThat(api.step(barista, orderId, "accept").status()).isEqualTo(202);
        assertThat(api.step(barista, orderId, "ready").status()).isEqualTo(202);

        assertThat(eventStore.eventTypes(orderId)).containsExactly("dev.brew.contracts.order.OrderPlaced",
                "dev.brew.contracts.order.OrderAccepted", "dev.brew.contracts.order.OrderReady");
        assertThat(jdbc.queryForObject("select payload_revision from domain_event_entry where aggregate_identifier = ?"
                + " and sequence_number = 0", String.class, orderId)).as("stored as it was").isEqualTo("1");

        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(60))
                .until(() -> topic.recordsFor(orderId), r -> r.size() == 3);
        ConsumerRecord<String, String> placed = records.get(0);
        assertThat(new String(placed.headers().lastHeader("axon-message-revision").value(), StandardCharsets.UTF_8))
                .isEqualTo("2");
        var item = JSON.readTree(placed.value()).get("items").get(0);
        assertThat(item.get("linePrice").asLong()).isEqualTo(10_000);
        assertThat(item.get("options").isNull()).isTrue();
    }
}
