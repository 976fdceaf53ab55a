package dev.brew.query.support;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.defaults.axon.AxonJsonAutoConfiguration;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts order events on the topic exactly as command-service's publisher does: the Kafka extension's
 * {@link DefaultKafkaMessageConverter} with the shared Jackson serializer, from domain event messages of the
 * {@code Order} aggregate (record key = order id; type, revision, id, aggregate id/type/sequence headers).
 */
@TestComponent
public class OrderEvents implements DisposableBean {

    private static final AtomicInteger NUMBERS = new AtomicInteger(1);

    private final String topic;
    private final DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
            .serializer(JacksonSerializer.builder().objectMapper(AxonJsonAutoConfiguration.eventObjectMapper()).build())
            .build();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafka().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000));

    public OrderEvents(@Value("${axon.kafka.default-topic}") String topic) {
        this.topic = topic;
    }

    public static String newOrderId() {
        return UUID.randomUUID().toString();
    }

    public static OrderPlaced placed(String orderId, String memberId, Instant placedAt) {
        return new OrderPlaced(orderId, NUMBERS.getAndIncrement(), memberId, "name-of-" + memberId,
                List.of(new OrderItem("CAFE_LATTE", "Caffè Latte", 2, 5000),
                        new OrderItem("AMERICANO", "Americano", 1, 4500)),
                14_500, placedAt.truncatedTo(ChronoUnit.MILLIS));
    }

    public static OrderCompleted completed(String orderId) {
        return new OrderCompleted(orderId, "barista-1", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    public static OrderCancelled cancelled(String orderId) {
        return new OrderCancelled(orderId, "changed my mind", Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** Places an order now; returns its id. */
    public String place(String memberId) {
        String orderId = newOrderId();
        publish(0, placed(orderId, memberId, Instant.now()));
        return orderId;
    }

    /** Publishes one event of an order at the given aggregate sequence number, and waits for the broker's ack. */
    public void publish(long sequence, Object event) {
        await(send(sequence, event));
    }

    /**
     * Publishes one event with metadata, as command-service's publisher does with a traced event (its
     * {@code traceparent} and {@code requestId} become {@code axon-metadata-*} headers), and waits for the ack.
     */
    public void publish(long sequence, Object event, Map<String, String> metaData) {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(new GenericDomainEventMessage<>(
                "Order", orderIdOf(event), sequence, event, MetaData.from(metaData)), topic);
        await(producer.send(record));
    }

    /** Sends without waiting; {@link #flush()} waits for everything sent. */
    public Future<?> send(long sequence, Object event) {
        String orderId = orderIdOf(event);
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(
                new GenericDomainEventMessage<>("Order", orderId, sequence, event), topic);
        return producer.send(record);
    }

    /**
     * Sends an event again with an older record timestamp, as the command side's publisher does after a Kafka outage
     * (a record buffered before the outage is re-sent after newer ones): the partition's highest offset then holds
     * its oldest timestamp.
     */
    public void resend(long sequence, Object event, Instant recordTimestamp) {
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(
                new GenericDomainEventMessage<>("Order", orderIdOf(event), sequence, event), topic);
        await(producer.send(new ProducerRecord<>(record.topic(), record.partition(), recordTimestamp.toEpochMilli(),
                record.key(), record.value(), record.headers())));
    }

    public void flush() {
        producer.flush();
    }

    /** Sends many events and waits until the broker acknowledged all of them. */
    public void publishAll(List<Sequenced> events) {
        List<Future<?>> sent = new ArrayList<>(events.size());
        for (Sequenced event : events) {
            sent.add(send(event.sequence(), event.event()));
        }
        producer.flush();
        sent.forEach(OrderEvents::await);
    }

    public record Sequenced(long sequence, Object event) {
    }

    /** Every order event is a record with an {@code orderId}. */
    private static String orderIdOf(Object event) {
        try {
            return (String) event.getClass().getMethod("orderId").invoke(event);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Not an order event: " + event, e);
        }
    }

    /**
     * Publishes an {@code OrderPlaced} as command-service published it before drink options: revision 1, its items
     * without options or line price (ADR 0902).
     */
    public void publishRevision1Placed(String orderId, String memberId, Instant placedAt) {
        String payload = """
                {"orderId":"%s","orderNumber":77,"memberId":"%s","memberName":"name-of-%s",
                 "items":[{"menuCode":"CAFE_LATTE","name":"Caffè Latte","quantity":2,"unitPrice":5000}],
                 "total":10000,"placedAt":"%s"}""".formatted(orderId, memberId, memberId, placedAt);
        ProducerRecord<String, byte[]> current = converter.createKafkaMessage(new GenericDomainEventMessage<>("Order",
                orderId, 0, placed(orderId, memberId, placedAt)), topic);
        current.headers().remove("axon-message-revision");
        current.headers().add("axon-message-revision", "1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        await(producer.send(new ProducerRecord<>(current.topic(), current.partition(), current.key(),
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), current.headers())));
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void destroy() {
        producer.close();
    }
}
