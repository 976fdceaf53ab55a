package dev.brew.defaults.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far each Kafka-reading tracking processor is behind the end of its topic: the sum over the partitions this
 * instance's segments read of {@code end offset - (position + 1)}. The extension's source has no consumer group, so
 * Kafka's own lag tools see nothing: the position is the processor's token. Prometheus name
 * {@code brew_kafka_consumer_lag_records{processor, topic}}; summed over instances it is the processor's lag.
 *
 * <p>Sampled in the background every {@code interval} (a scrape never waits for Kafka). While Kafka cannot be
 * reached the last figure stays; a processor appears once it has a Kafka token.
 */
public class KafkaConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerLag.class);

    private final String bootstrapServers;
    private final Duration interval;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final MeterRegistry registry;
    private final Map<Key, Long> lags = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;
    private Admin admin;
    private volatile boolean running;

    record Key(String processor, String topic) {
    }

    public KafkaConsumerLag(String bootstrapServers, Duration interval,
                            ObjectProvider<EventProcessingConfiguration> processing, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.interval = interval;
        this.processing = processing;
        this.registry = registry;
    }

    /** The last sampled lag of a processor on a topic, or -1 if there is none yet. */
    public long lag(String processor, String topic) {
        return lags.getOrDefault(new Key(processor, topic), -1L);
    }

    @Override
    public void start() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "brew-consumer-lag",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kafka-consumer-lag");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleWithFixedDelay(this::sampleSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug("Kafka consumer lag not sampled: {}", e.toString());
        }
    }

    void sample() throws Exception {
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration == null) {
            return;
        }
        Map<String, Map<TopicPartition, Long>> positions = new HashMap<>();
        for (Map.Entry<String, EventProcessor> entry : configuration.eventProcessors().entrySet()) {
            if (entry.getValue() instanceof StreamingEventProcessor processor) {
                Map<TopicPartition, Long> processorPositions = kafkaPositions(processor);
                if (processorPositions != null) {
                    positions.put(entry.getKey(), processorPositions);
                }
            }
        }
        if (positions.isEmpty()) {
            return;
        }
        Set<TopicPartition> partitions = positions.values().stream().flatMap(p -> p.keySet().stream())
                .collect(Collectors.toSet());
        ListOffsetsResult result = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = result.all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        positions.forEach((processor, byPartition) -> {
            Map<String, Long> perTopic = new HashMap<>();
            byPartition.forEach((partition, position) -> perTopic.merge(partition.topic(),
                    Math.max(0, ends.getOrDefault(partition, 0L) - (position + 1)), Long::sum));
            perTopic.forEach((topic, lag) -> record(new Key(processor, topic), lag));
        });
    }

    /** The positions of the segments this instance holds, or null if the processor does not read Kafka. */
    private static Map<TopicPartition, Long> kafkaPositions(StreamingEventProcessor processor) {
        Map<TopicPartition, Long> positions = null;
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
            if (token instanceof KafkaTrackingToken kafkaToken) {
                positions = positions == null ? new HashMap<>() : positions;
                positions.putAll(kafkaToken.getPositions());
            }
        }
        return positions;
    }

    private void record(Key key, long lag) {
        if (lags.put(key, lag) == null) {
            Gauge.builder("brew.kafka.consumer.lag", lags, all -> all.getOrDefault(key, 0L))
                    .description("Records on the topic that the processor has not handled yet")
                    .baseUnit("records")
                    .tags("processor", key.processor(), "topic", key.topic())
                    .register(registry);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
