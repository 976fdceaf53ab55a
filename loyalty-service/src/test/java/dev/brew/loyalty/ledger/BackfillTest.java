package dev.brew.loyalty.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderTopics;
import dev.brew.loyalty.support.OrderEvents;
import dev.brew.loyalty.support.LoyaltyServiceTest;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first start over a topic that already holds thousands of orders ends with every member's stamps and rewards
 * for the whole history, counted independently here from the records on the topic (duplicates included, as the
 * at-least-once publisher leaves them); a replay rebuilds the same and announces nothing.
 */
@LoyaltyServiceTest
@Order(1) // before any other class starts the service: the topic must hold the history when it first starts
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackfillTest {

    private static final Logger log = LoggerFactory.getLogger(BackfillTest.class);
    static final int MEMBERS = 40;
    static final int ORDERS = 3000;
    static final List<String> DRINKS = List.of("AMERICANO", "CAFE_LATTE", "CAPPUCCINO", "COLD_BREW", "CAFE_MOCHA");
    static final String PREFIX = "backfill-" + System.nanoTime() + "-";
    static int records;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    /** Written before the Spring context (and so the service) starts. */
    @BeforeAll
    static void historyOnTheTopic() {
        Random random = new Random(18);
        Instant start = Instant.now().minus(Duration.ofDays(30));
        try (OrderEvents topic = new OrderEvents()) {
            for (int i = 0; i < ORDERS; i++) {
                String memberId = PREFIX + random.nextInt(MEMBERS);
                String orderId = OrderEvents.newOrderId();
                Instant at = start.plusSeconds(i * 600L);
                OrderItem[] items = random.nextInt(4) == 0
                        ? new OrderItem[]{OrderEvents.drink(pick(random), 1 + random.nextInt(3)),
                        OrderEvents.drink(pick(random), 1)}
                        : new OrderItem[]{OrderEvents.drink(pick(random), 1 + random.nextInt(2))};
                OrderPlaced placed = OrderEvents.placed(orderId, memberId, at, items);
                topic.send(orderId, 0, placed);
                records++;
                int outcome = random.nextInt(20);
                Object next = outcome < 15 ? new OrderCompleted(orderId, "barista", at.plusSeconds(120))
                        : outcome < 18 ? new OrderCancelled(orderId, "changed my mind", at.plusSeconds(30)) : null;
                if (next != null) {
                    topic.send(orderId, 1, next);
                    records++;
                }
                if (random.nextInt(10) == 0) { // the publisher's at-least-once: the same records again, in order
                    topic.send(orderId, 0, placed);
                    records++;
                    if (next != null) {
                        topic.send(orderId, 1, next);
                        records++;
                    }
                }
            }
        }
        log.info("{} records of {} orders on the topic before the service starts", records, ORDERS);
    }

    static String pick(Random random) {
        return DRINKS.get(random.nextInt(DRINKS.size()));
    }

    @Test
    @Order(1)
    void the_first_start_back_fills_every_members_stamps_and_rewards_from_the_whole_topic() {
        Map<String, Long> expected = stampsCountedFromTheTopic();
        assertThat(expected).hasSize(MEMBERS);
        AtomicLong firstSeen = new AtomicLong();
        await("back-fill of every member's stamps").atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    if (firstSeen.get() == 0 && ordersSeen() > 0) {
                        firstSeen.set(System.nanoTime());
                    }
                    return stamps().equals(expected);
                });
        double seconds = (System.nanoTime() - (firstSeen.get() == 0 ? System.nanoTime() - 1 : firstSeen.get())) / 1e9;
        log.info("back-fill: {} records in {} s after the first was stored ({} records/s)", records,
                String.format("%.2f", seconds), String.format("%.0f", records / Math.max(seconds, 0.001)));

        assertThat(rewardsIssued()).isEqualTo(expected.entrySet().stream().filter(e -> e.getValue() >= 12)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() / 12, (a, b) -> a, TreeMap::new)));
        assertThat(jdbc.queryForObject("select count(*) from reward where member_id like ? and notified_at is not null",
                Integer.class, PREFIX + "%")).as("rewards from history are not announced").isZero();
    }

    @Test
    @Order(2)
    void a_replay_rebuilds_the_same_stamps_and_rewards_and_announces_nothing() {
        Map<String, Long> before = stamps();
        Map<String, Long> rewardsBefore = rewardsIssued();
        assertThat(before).isNotEmpty();

        TrackingEventProcessor processor = processing.eventProcessor(LoyaltyProjection.GROUP,
                TrackingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(stamps()).isEmpty();
        processor.start();

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> stamps().equals(before) && !processor.isReplaying());
        assertThat(rewardsIssued()).isEqualTo(rewardsBefore);
        assertThat(jdbc.queryForObject("select count(*) from reward where member_id like ? and notified_at is not null",
                Integer.class, PREFIX + "%")).isZero();
    }

    /** Stamps per member, counted here from the records on the topic: completed orders, each once, by quantity. */
    static Map<String, Long> stampsCountedFromTheTopic() {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> memberOf = new HashMap<>();
        Map<String, Long> drinksOf = new HashMap<>();
        Set<String> completed = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(OrderTopics.ORDER_EVENTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String type = new String(record.headers().lastHeader("axon-message-type").value(),
                            StandardCharsets.UTF_8);
                    JsonNode event = json.readTree(record.value());
                    if (type.endsWith("OrderPlaced") && event.get("memberId").asText().startsWith(PREFIX)) {
                        memberOf.put(record.key(), event.get("memberId").asText());
                        long drinks = 0;
                        for (JsonNode item : event.get("items")) {
                            drinks += item.get("quantity").asLong();
                        }
                        drinksOf.put(record.key(), drinks);
                    } else if (type.endsWith("OrderCompleted")) {
                        completed.add(record.key());
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Long> stamps = new TreeMap<>();
        memberOf.forEach((orderId, memberId) -> stamps.merge(memberId,
                completed.contains(orderId) ? drinksOf.get(orderId) : 0L, Long::sum));
        stamps.values().removeIf(count -> count == 0);
        return stamps;
    }

    Map<String, Long> stamps() {
        Map<String, Long> stamps = new TreeMap<>();
        jdbc.query("select member_id, stamps from stamp_card where member_id like ? and stamps > 0",
                rs -> {
                    stamps.put(rs.getString(1), rs.getLong(2));
                }, PREFIX + "%");
        return stamps;
    }

    Map<String, Long> rewardsIssued() {
        Map<String, Long> rewards = new TreeMap<>();
        jdbc.query("""
                select member_id, count(*) from reward where member_id like ? and issued_at is not null
                group by member_id""", rs -> {
            rewards.put(rs.getString(1), rs.getLong(2));
        }, PREFIX + "%");
        return rewards;
    }

    int ordersSeen() {
        Integer seen = jdbc.queryForObject("select count(*) from loyalty_order where member_id like ?", Integer.class,
                PREFIX + "%");
        return seen == null ? 0 : seen;
    }
}
