package dev.brew.loyalty.support;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReward;
import dev.brew.contracts.order.OrderTopics;
import dev.brew.defaults.axon.AxonJsonAutoConfiguration;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Writes order events to {@code brew.order-events} exactly as command-service's publisher does: Axon's Kafka record
 * format, keyed by order id, with the aggregate sequence number. One order's events go in order.
 */
public final class OrderEvents implements AutoCloseable {

    private static final DefaultKafkaMessageConverter CONVERTER = DefaultKafkaMessageConverter.builder()
            .serializer(JacksonSerializer.builder().objectMapper(AxonJsonAutoConfiguration.eventObjectMapper()).build())
            .build();

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafka().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.LINGER_MS_CONFIG, 5));
    private final List<Future<?>> sent = new ArrayList<>();

    public OrderEvents() {
        createTopic();
    }

    /** The topic as the services create it (3 partitions, kept forever); the broker does not create topics itself. */
    static void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedServers.kafka().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(OrderTopics.ORDER_EVENTS, 3, (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1")))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An event with its order's sequence number (0 for OrderPlaced, 1 for what follows). */
    public record Sequenced(String orderId, long sequence, Object payload) {
    }

    public static OrderPlaced placed(String orderId, String memberId, Instant at, OrderItem... items) {
        return placed(orderId, memberId, at, null, items);
    }

    public static OrderPlaced placed(String orderId, String memberId, Instant at, OrderReward reward,
                                     OrderItem... items) {
        long total = List.of(items).stream().mapToLong(OrderItem::lineTotal).sum()
                - (reward == null ? 0 : reward.discount());
        return new OrderPlaced(orderId, 1, memberId, "name-of-" + memberId, List.of(items), total, at, reward);
    }

    public static OrderItem drink(String code, int quantity) {
        return new OrderItem(code, code.charAt(0) + code.substring(1).toLowerCase(), quantity, 5000);
    }

    /** A line of a drink made a given way (size, temperature, extra shots, milk, syrup), 5,000 a drink. */
    public static OrderItem drink(String code, int quantity, LineOptions options) {
        return new OrderItem(code, code.charAt(0) + code.substring(1).toLowerCase(), quantity, 5000, options,
                5000L * quantity);
    }

    public static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    public OrderEvents send(String orderId, long sequence, Object payload) {
        ProducerRecord<String, byte[]> record = CONVERTER.createKafkaMessage(
                new GenericDomainEventMessage<>("Order", orderId, sequence, payload), OrderTopics.ORDER_EVENTS);
        sent.add(producer.send(record));
        return this;
    }

    public OrderEvents send(Sequenced event) {
        return send(event.orderId(), event.sequence(), event.payload());
    }

    /** A whole order's life: placed, then completed (stamps) or cancelled (none). */
    public OrderEvents completed(String memberId, Instant at, OrderItem... items) {
        String orderId = newOrderId();
        send(orderId, 0, placed(orderId, memberId, at, items));
        return send(orderId, 1, new OrderCompleted(orderId, "barista", at.plusSeconds(60)));
    }

    /**
     * An {@code OrderPlaced} as command-service published it before drink options (revision 1: items without
     * options or line price), for the upcaster on the Kafka path (ADR 0902).
     */
    public OrderEvents placedRevision1(String orderId, String memberId, Instant at, int lattes) {
        String payload = """
                {"orderId":"%s","orderNumber":5,"memberId":"%s","memberName":"name-of-%s",
                 "items":[{"menuCode":"CAFE_LATTE","name":"Caffè Latte","quantity":%d,"unitPrice":5000}],
                 "total":%d,"placedAt":"%s"}""".formatted(orderId, memberId, memberId, lattes, lattes * 5000, at);
        ProducerRecord<String, byte[]> current = CONVERTER.createKafkaMessage(new GenericDomainEventMessage<>(
                "Order", orderId, 0, placed(orderId, memberId, at, drink("CAFE_LATTE", lattes))),
                OrderTopics.ORDER_EVENTS);
        current.headers().remove("axon-message-revision");
        current.headers().add("axon-message-revision", "1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sent.add(producer.send(new ProducerRecord<>(current.topic(), current.partition(), current.key(),
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), current.headers())));
        return this;
    }

    public OrderEvents cancelled(String orderId) {
        return send(orderId, 1, new OrderCancelled(orderId, "changed my mind", Instant.now()));
    }

    /** Waits until every record sent so far is acknowledged by the broker. */
    public OrderEvents flush() {
        producer.flush();
        for (Future<?> future : sent) {
            try {
                future.get();
            } catch (Exception e) {
                throw new IllegalStateException("Not published", e);
            }
        }
        sent.clear();
        return this;
    }

    @Override
    public void close() {
        flush();
        producer.close();
    }
}
