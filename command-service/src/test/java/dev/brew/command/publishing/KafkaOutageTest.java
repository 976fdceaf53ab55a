package dev.brew.command.publishing;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.command.support.OrderEventsTopicReader;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka down: orders are still accepted and stored, and every one of them reaches the topic once Kafka is back.
 * The broker is a real process, stopped for real.
 */
@CommandServiceTest
@Order(Integer.MAX_VALUE)
class KafkaOutageTest {

    static final int ORDERS = 100;

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;
    @Autowired
    OrderEventsTopicReader topic;

    @Test
    void orders_placed_while_kafka_is_down_are_all_published_when_it_returns() {
        String member = "member-" + UUID.randomUUID();
        String token = Api.member(member);
        // The publisher is running and caught up before the outage.
        String before = api.placeLattes(token, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> !topic.recordsFor(before).isEmpty());

        SharedServers.kafka().stop();
        long downAt = System.nanoTime();
        List<String> placed = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            placed.add(api.placeLattes(token, 1 + i % 20));
        }
        long acceptedMillis = (System.nanoTime() - downAt) / 1_000_000;
        assertThat(placed).hasSize(ORDERS).doesNotHaveDuplicates();
        assertThat(eventStore.ordersOf(member)).isEqualTo(ORDERS + 1);
        // The backlog shows in the publisher-lag metrics while Kafka is down.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(api.metric("brew_publisher_lag_events")).isGreaterThanOrEqualTo(ORDERS));
        assertThat(api.metric("brew_publisher_lag_seconds")).isPositive();
        // Kafka is not part of readiness (docs/adr/0700): the service stays in rotation and keeps taking orders.
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(200);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        System.out.println("KAFKA-OUTAGE scrape while the broker is down:\n" + pipelineSeries(api.scrape()));

        SharedServers.kafka().start();
        long upAt = System.nanoTime();
        Set<String> expected = new HashSet<>(placed);
        List<ConsumerRecord<String, String>> records = await().atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofSeconds(1))
                .until(topic::readAll, all -> all.stream().map(ConsumerRecord::key).collect(Collectors.toSet())
                        .containsAll(expected));
        long publishedMillis = (System.nanoTime() - upAt) / 1_000_000;

        Map<String, Long> perOrder = records.stream().filter(r -> expected.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        long lost = expected.stream().filter(id -> !perOrder.containsKey(id)).count();
        long duplicates = perOrder.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("KAFKA-OUTAGE placed=%d accepted=%d (in %d ms while down) lost=%d duplicates=%d "
                        + "all-published %d ms after the broker was back%n",
                ORDERS, placed.size(), acceptedMillis, lost, duplicates, publishedMillis);

        assertThat(lost).isZero();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(api.metric("brew_publisher_lag_events")).isZero());
        assertThat(api.metric("brew_publisher_lag_seconds")).isZero();
        System.out.println("KAFKA-OUTAGE scrape after the backlog was sent:\n" + pipelineSeries(api.scrape()));
        // At-least-once: records in flight when the broker went away may be sent again on each retry (consumers
        // deduplicate on the aggregate sequence), but the backlog is not published twice over.
        assertThat(duplicates).isLessThan(ORDERS / 2);
        // Each order's placed event is on one partition, in order with its others.
        assertThat(records.stream().filter(r -> expected.contains(r.key()))
                .collect(Collectors.groupingBy(ConsumerRecord::key,
                        Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())))
                .values()).allSatisfy(partitions -> assertThat(partitions).hasSize(1));
    }

    /** The pipeline's series of a scrape, for the test's report. */
    private static String pipelineSeries(String scrape) {
        return scrape.lines().filter(line -> line.startsWith("brew_publisher_lag") || line.startsWith("brew_orders_")
                        || line.startsWith("brew_kafka_consumer_lag")
                        || line.startsWith("eventProcessor_latency{"))
                .collect(Collectors.joining("\n"));
    }
}
