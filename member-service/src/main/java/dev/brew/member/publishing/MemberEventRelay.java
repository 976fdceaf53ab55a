package dev.brew.member.publishing;

import dev.brew.contracts.member.MemberRegistered;
import dev.brew.defaults.axon.EventJson;
import dev.brew.defaults.kafka.BrewKafkaProperties;
import dev.brew.defaults.kafka.KeptForeverTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Moves member events from the outbox to Kafka, at least once. One thread, in rounds: read the pending events of up
 * to {@code batchSize} members, send them all (acks=all, idempotent producer), wait for every acknowledgement, and
 * only then remove the acknowledged ones from the outbox, per member and in sequence order (an event is never
 * removed while an earlier one of the same member failed). A failed round pauses with a growing back-off and starts
 * over with a fresh producer; the events are still in the outbox, so Kafka being down loses nothing.
 *
 * <p>Rounds run every {@code pollInterval}, and at once when a sign-up {@link #wake()}s the relay. The records are
 * built by the Axon Kafka extension's {@link DefaultKafkaMessageConverter}, so Axon's streamable Kafka source reads
 * them like any Axon-published event: key = member id, {@code axon-message-*} headers, JSON payload.
 *
 * <p>With several instances, only the holder of the {@link RelayLease} relays (ADR 0312): it renews the lease each
 * round and gives it up when it stops, so the next instance takes over at its next round (within
 * {@code pollInterval}); a crashed holder's lease runs out after {@link #LEASE}. Two instances never publish the same
 * pending events side by side. A crash between Kafka's acknowledgement and the removal from the outbox still sends an
 * event again (at least once); consumers dedupe on the {@code axon-message-id} header or the aggregate sequence.
 *
 * <p>A lifecycle of its own, not an Axon processor: the events come from a MongoDB outbox (ADR 0312), not an Axon
 * event store, and stopping must finish the round, then give up the lease; the rounds run on one thread of a Spring
 * scheduler of its own.
 */
@Component
public class MemberEventRelay implements SmartLifecycle {

    static final int PHASE = 0;
    static final String AGGREGATE_TYPE = "Member";
    private static final Logger log = LoggerFactory.getLogger(MemberEventRelay.class);
    private static final Map<String, Class<?>> EVENT_TYPES = Map.of(
            MemberRegistered.class.getName(), MemberRegistered.class);

    /** How long a lease lasts without renewal: longer than any round (a round gives up on Kafka within ~20 s). */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final RelayLease lease;
    private final String instance = java.util.UUID.randomUUID().toString();
    private volatile boolean leaseHeld;
    private final KeptForeverTopics topics;
    private final BrewKafkaProperties kafka;
    private final String topic;
    private final MemberEventsProperties properties;
    private final EventJson eventJson;
    private final KafkaMessageConverter<String, byte[]> converter;
    private final Counter published;
    private final Counter failedRounds;
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ThreadPoolTaskScheduler worker = new ThreadPoolTaskScheduler();
    private Producer<String, byte[]> producer;
    private volatile boolean running;
    private int failures;
    private long pausedUntil;

    MemberEventRelay(Outbox outbox, RelayLease lease, MemberEventsProperties properties, BrewKafkaProperties kafka,
                     KeptForeverTopics topics, EventJson eventJson, MeterRegistry meters) {
        this.outbox = outbox;
        this.lease = lease;
        this.eventJson = eventJson;
        this.converter = DefaultKafkaMessageConverter.builder().serializer(eventJson.serializer()).build();
        // Created when missing (service-defaults, brew.kafka.topics), in the background here
        // (brew.kafka.topics-before-start=false): sign-ups go on into the outbox while Kafka is down, and the relay
        // waits for the topic.
        this.topics = topics;
        this.kafka = kafka;
        this.topic = kafka.topic("member-events");
        this.properties = properties;
        this.published = Counter.builder("brew.member.events.published")
                .description("Member events acknowledged by Kafka and removed from the outbox").register(meters);
        this.failedRounds = Counter.builder("brew.member.events.publish.failures")
                .description("Relay rounds that could not publish everything (Kafka down or refusing)")
                .register(meters);
    }

    @EventListener
    void onOutboxAppended(OutboxAppended appended) {
        wake();
    }

    /** Asks for a round as soon as possible (coalesced: many wake-ups while one is queued make one round). */
    public void wake() {
        if (running && wakeQueued.compareAndSet(false, true)) {
            worker.execute(() -> {
                wakeQueued.set(false);
                round();
            });
        }
    }

    @Override
    public void start() {
        worker.setThreadNamePrefix("member-event-relay-");
        worker.setDaemon(true);
        // Stopping lets the round in progress finish (at most ~20 s: it gives up on Kafka by then).
        worker.setWaitForTasksToCompleteOnShutdown(true);
        worker.setAwaitTerminationSeconds(20);
        worker.initialize();
        running = true;
        worker.scheduleWithFixedDelay(this::round, properties.pollInterval());
    }

    @Override
    public void stop() {
        running = false;
        worker.shutdown();
        closeProducer();
        if (leaseHeld) {
            try {
                // Handed over: the other instance relays from its next round, not after the lease runs out.
                lease.release(instance);
            } catch (RuntimeException e) {
                log.warn("Could not give up the relay lease (it runs out by itself): {}", e.toString());
            }
            leaseHeld = false;
        }
    }

    /** This instance's name as the lease's owner. */
    String instanceId() {
        return instance;
    }

    /** Whether this instance holds the lease now (the one relaying). */
    boolean holdsLease() {
        return leaseHeld;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Runs on the relay thread only. */
    private void round() {
        if (!running || !topics.allCreated() || System.nanoTime() - pausedUntil < 0) {
            return;
        }
        try {
            leaseHeld = lease.acquire(instance, LEASE);
            if (!leaseHeld) {
                return; // another instance relays
            }
            boolean more = true;
            // A bounded number of batches per round, so one round never spins on a document it cannot clear.
            for (int batch = 0; more && running && batch < 20; batch++) {
                List<PendingEvent> pending = outbox.pending(properties.batchSize());
                if (pending.isEmpty()) {
                    break;
                }
                publish(pending);
                more = pending.stream().map(PendingEvent::memberId).distinct().count() >= properties.batchSize();
            }
            failures = 0;
        } catch (Exception e) {
            failedRounds.increment();
            failures++;
            long pause = Math.min(properties.maxBackoff().toMillis(), 500L << Math.min(failures, 10));
            pausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause);
            log.warn("Publishing member events failed ({} in a row): {}; retrying in {} ms", failures, e.toString(),
                    pause);
            closeProducer();
        }
    }

    /** Sends one batch and removes what Kafka acknowledged; throws if anything was not acknowledged. */
    private void publish(List<PendingEvent> pending) throws Exception {
        Producer<String, byte[]> kafka = producer();
        Map<String, List<Sent>> byMember = new LinkedHashMap<>();
        for (PendingEvent event : pending) {
            Future<RecordMetadata> ack = send(kafka, record(event));
            byMember.computeIfAbsent(event.memberId(), k -> new ArrayList<>()).add(new Sent(event, ack));
            if (refusedAtOnce(ack)) {
                // No metadata within max.block.ms (Kafka away): every further send would wait as long again, so
                // the round ends now; the rest stay in the outbox for the next one.
                break;
            }
        }
        Exception failure = null;
        long waitMillis = Long.parseLong(producerConfig().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).toString())
                + 5_000;
        for (Map.Entry<String, List<Sent>> member : byMember.entrySet()) {
            List<String> acknowledged = new ArrayList<>();
            for (Sent sent : member.getValue()) {
                try {
                    sent.ack().get(waitMillis, TimeUnit.MILLISECONDS);
                    acknowledged.add(sent.event().eventId());
                } catch (Exception e) {
                    failure = failure == null ? e : failure;
                    break; // keep this member's later events too, so they stay in order
                }
            }
            if (!acknowledged.isEmpty()) {
                outbox.markPublished(member.getKey(), acknowledged);
                published.increment(acknowledged.size());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static boolean refusedAtOnce(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
    }

    private static Future<RecordMetadata> send(Producer<String, byte[]> kafka, ProducerRecord<String, byte[]> record) {
        try {
            return kafka.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    ProducerRecord<String, byte[]> record(PendingEvent event) {
        Class<?> type = EVENT_TYPES.get(event.payloadType());
        if (type == null) {
            throw new IllegalStateException("Unknown member event type " + event.payloadType() + " in the outbox of "
                    + event.memberId());
        }
        Object payload = eventJson.read(event.payload(), type);
        GenericDomainEventMessage<Object> message = new GenericDomainEventMessage<>(AGGREGATE_TYPE, event.memberId(),
                event.sequence(), payload, MetaData.emptyInstance(), event.eventId(), event.occurredAt());
        return converter.createKafkaMessage(message, topic);
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("Closing the producer failed", e);
            }
            producer = null;
        }
    }

    Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "member-service-relay");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        // A down broker must fail a round within seconds, not hold the relay for the default 60 s / 2 min.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(properties.producer());
        return config;
    }

    private record Sent(PendingEvent event, Future<RecordMetadata> ack) {
    }
}
