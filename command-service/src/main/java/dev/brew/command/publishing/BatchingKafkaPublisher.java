package dev.brew.command.publishing;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Publishes a whole batch of the publishing processor at once, then waits for Kafka to acknowledge all of it before
 * the batch commits. The extension's own publisher (wait-for-ack mode) sends one record and waits for its
 * acknowledgement before the next, which caps publication at a few hundred events a second.
 *
 * <p>The guarantees stay those of the stock publisher: the processor stores its token in the batch's database
 * transaction, and the wait runs in the batch's prepare-commit phase, so a batch that Kafka did not fully
 * acknowledge rolls back and is sent again (at least once, never skipped). Records keep their order per order:
 * they are sent in store order through one idempotent producer, which keeps a partition's order across its retries.
 *
 * <p>When a batch fails (Kafka down), the producer is closed at once, dropping the records it still buffers, and the
 * first record of the next attempt is sent alone: so a long outage re-sends a single record per retry instead of a
 * whole batch, and consumers see few duplicates when Kafka returns.
 */
final class BatchingKafkaPublisher extends KafkaPublisher<String, byte[]> {

    private static final Logger log = LoggerFactory.getLogger(BatchingKafkaPublisher.class);
    private static final String PENDING = BatchingKafkaPublisher.class.getName() + ".pending";

    private final Supplier<Producer<String, byte[]>> producers;
    private final KafkaMessageConverter<String, byte[]> converter;
    private final TopicResolver topics;
    private final Duration ackTimeout;
    private Producer<String, byte[]> producer;
    private volatile boolean lastBatchFailed;

    BatchingKafkaPublisher(Builder<String, byte[]> builder, Supplier<Producer<String, byte[]>> producers,
                           KafkaMessageConverter<String, byte[]> converter, TopicResolver topics,
                           Duration ackTimeout) {
        super(builder);
        this.producers = producers;
        this.converter = converter;
        this.topics = topics;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        Optional<String> topic = topics.resolve(event);
        if (topic.isEmpty()) {
            return;
        }
        Future<RecordMetadata> sent;
        try {
            sent = producer().send(converter.createKafkaMessage(event, topic.get()));
        } catch (KafkaException e) {
            throw failed(e);
        }
        if (lastBatchFailed || !CurrentUnitOfWork.isStarted()) {
            // Alone: after a failure it tells whether Kafka is back before the rest of the batch is sent.
            awaitAll(List.of(sent));
            lastBatchFailed = false;
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        List<Future<RecordMetadata>> pending = batch.getOrComputeResource(PENDING, key -> {
            List<Future<RecordMetadata>> futures = new ArrayList<>();
            batch.onPrepareCommit(u -> awaitAll(futures));
            return futures;
        });
        pending.add(sent);
    }

    private void awaitAll(List<Future<RecordMetadata>> futures) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        try {
            for (Future<RecordMetadata> future : futures) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        } catch (ExecutionException | TimeoutException e) {
            throw failed(e);
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private synchronized EventPublicationFailedException failed(Exception cause) {
        lastBatchFailed = true;
        if (producer != null) {
            // Records still buffered would be delivered on top of the batch's re-send: drop them.
            producer.close(Duration.ZERO);
            producer = null;
        }
        log.warn("Kafka did not acknowledge a batch of events ({}); it is sent again", cause.toString());
        return new EventPublicationFailedException("Kafka did not acknowledge the batch of events", cause);
    }

    @Override
    public synchronized void shutDown() {
        if (producer != null) {
            producer.close(ackTimeout);
            producer = null;
        }
        super.shutDown();
    }
}
