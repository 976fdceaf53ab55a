package dev.brew.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.query.QueryProperties;
import dev.brew.query.model.OrderChange;
import dev.brew.query.model.OrderView;
import dev.brew.query.model.Queries;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Live screens are pushed from a Kafka topic of view changes (ADR 0111). The instance that writes the view publishes
 * each real change, after the write, to the one-partition topic {@code <order topic>.changes}; every instance follows
 * that topic (a blocking poll, no interval) and emits each change to its local subscription queries
 * ({@link Queries.WatchOrders}). A change's number is its offset + 1: the same on every instance, so it is the
 * Server-Sent Event id and a client resumes on any instance by reading the topic from there.
 *
 * <p>Each order change is pushed in a span {@value #PUSH_SPAN} that continues the trace of the projection that
 * wrote it, so an order's trace runs from the caller's POST to the push to the screens.
 *
 * <p>A lifecycle of its own: its follower thread and producer must start before the projection that publishes
 * through it and stop after it ({@link #getPhase}), so the last changes written are still announced; no Axon
 * processor or Spring Kafka container follows one partition from an offset a client asks for.
 */
@Component
public class OrderChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeFeed.class);
    static final String PUSH_SPAN = "OrderChangeFeed.push";
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** What goes on the topic: a change without its number (the offset gives it). */
    public record Published(OrderChange.Type type, OrderView order, String traceparent) {
    }

    private final TopicPartition partition;
    private final String bootstrapServers;
    private final QueryProperties.Changes settings;
    private final short replicationFactor;
    private final ViewVersions versions;
    private final QueryUpdateEmitter emitter;
    private final ObjectMapper json;
    private final Tracer tracer;
    private final KafkaProducer<String, byte[]> producer;
    private volatile KafkaConsumer<String, byte[]> follower;
    private volatile long position;
    private volatile boolean running;
    private Thread thread;

    public OrderChangeFeed(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                           @Value("${axon.kafka.default-topic}") String orderTopic,
                           @Value("${brew.kafka.replication-factor}") short replicationFactor,
                           QueryProperties properties,
                           ViewVersions versions, QueryUpdateEmitter emitter, ObjectMapper json,
                           ObjectProvider<OpenTelemetry> openTelemetry) {
        this.partition = new TopicPartition(orderTopic + ".changes", 0);
        this.bootstrapServers = bootstrapServers;
        this.settings = properties.changes();
        this.replicationFactor = replicationFactor;
        this.versions = versions;
        this.emitter = emitter;
        this.json = json;
        this.tracer = openTelemetry.getIfAvailable(OpenTelemetry::noop).getTracer("brew-query");
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000), new StringSerializer(), new ByteArraySerializer());
    }

    /** The number of the last change emitted to local subscribers. */
    public long position() {
        return position;
    }

    /**
     * Publishes changes in their order and returns once Kafka has them all: the projection calls it before its
     * token advances, so a change written to the view is never left unannounced (at least once; a repeat pushes the
     * same state again).
     */
    public void publish(List<OrderChange> changes) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(changes.size());
        for (OrderChange change : changes) {
            String key = change.order() == null ? null : change.order().orderId();
            sent.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(), key,
                    bytes(new Published(change.type(), change.order(), change.traceparent())))));
        }
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing view changes", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Could not publish view changes", e.getCause());
            }
        }
    }

    /** Tells every screen to reload: a rebuilt view was swapped in. */
    public void publishReset() {
        publish(List.of(new OrderChange(0, OrderChange.Type.RESET, null, null)));
    }

    /**
     * The changes numbered {@code (after, upTo]}, read from the topic, or empty if the topic no longer holds them
     * all or holds more than {@code limit} of them.
     */
    public Optional<List<OrderChange>> between(long after, long upTo, int limit) {
        if (upTo - after > limit) {
            return Optional.empty();
        }
        try (KafkaConsumer<String, byte[]> reader = consumer()) {
            reader.assign(List.of(partition));
            if (reader.beginningOffsets(List.of(partition)).get(partition) > after) {
                return Optional.empty();
            }
            reader.seek(partition, after);
            List<OrderChange> changes = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (reader.position(partition) < upTo && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (record.offset() < upTo) {
                        changes.add(change(record));
                    }
                }
            }
            return reader.position(partition) < upTo ? Optional.empty() : Optional.of(changes);
        }
    }

    /** The number of the newest change on the topic (0 if none). */
    public long lastSeq() {
        try (KafkaConsumer<String, byte[]> reader = consumer()) {
            return reader.endOffsets(List.of(partition)).get(partition);
        }
    }

    @Override
    public void start() {
        createTopic();
        follower = consumer();
        follower.assign(List.of(partition));
        follower.seekToEnd(List.of(partition));
        try {
            position = follower.position(partition);
        } catch (RuntimeException e) {
            log.warn("Kafka does not answer; live changes start when it does: {}", e.toString());
        }
        running = true;
        // A thread of its own, not a pooled executor: a KafkaConsumer is single-threaded and blocks in poll for as long
        // as the application runs (woken up at stop), which is exactly one long-lived thread.
        thread = new Thread(this::follow, "order-change-feed");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : follower.poll(Duration.ofSeconds(5))) {
                    emit(change(record));
                }
            } catch (WakeupException e) {
                break;
            } catch (RuntimeException e) {
                log.warn("Following the view changes failed; will retry: {}", e.toString());
            }
        }
        follower.close();
    }

    @SuppressWarnings("try")
    private void emit(OrderChange change) {
        if (change.isReset()) {
            versions.refresh();
        }
        // The position moves before the emit: a stream starting meanwhile either reads this change back from the
        // topic (position already moved) or was subscribed before the emit and gets it live; never neither.
        position = change.seq();
        Span span = pushSpan(change);
        try (Scope ignored = span.makeCurrent()) {
            emitter.emit(Queries.WatchOrders.class, query -> change.visibleTo(query.memberId()), change);
        } finally {
            span.end();
        }
    }

    private Span pushSpan(OrderChange change) {
        if (change.traceparent() == null) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of("traceparent", change.traceparent()), FROM_MAP);
        return tracer.spanBuilder(PUSH_SPAN).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("brew.change.seq", change.seq())
                .setAttribute("brew.order.id", change.order() == null ? "" : change.order().orderId())
                .startSpan();
    }

    /** The W3C {@code traceparent} of the current span, or null if there is none. */
    public static String currentTraceparent() {
        Map<String, String> trace = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), trace, Map::put);
        return trace.get("traceparent");
    }

    private OrderChange change(ConsumerRecord<String, byte[]> record) {
        try {
            Published published = json.readValue(record.value(), Published.class);
            return new OrderChange(record.offset() + 1, published.type(), published.order(), published.traceparent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] bytes(Published published) {
        try {
            return json.writeValueAsBytes(published);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** One partition (one order of changes, one number per change), kept {@code retain} (older resumes: snapshot). */
    private void createTopic() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(partition.topic(), 1, replicationFactor)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG,
                            Long.toString(settings.retain().toMillis())))))
                    .all().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("Could not create {}: {}", partition.topic(), e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Could not create {}: {}", partition.topic(), e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        if (follower != null) {
            follower.wakeup();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Below Axon's phase ({@code Integer.MAX_VALUE - 3072}), so the feed starts before the processors and stops after
     * them: a batch the projection writes while the instance shuts down is still announced. (At the default phase the
     * producer closed first, the batch failed after its write, and the instance taking over found it applied and
     * announced nothing: the completion a resumed stream missed in the rolling redeploy.)
     */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }
}
