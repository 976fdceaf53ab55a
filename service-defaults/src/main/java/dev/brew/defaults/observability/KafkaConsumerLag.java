package dev.brew.defaults.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How far each Kafka-reading tracking processor is behind the end of its topic: the sum over the topic's partitions
 * of {@code end offset - (position + 1)}, the position being the highest offset this instance's processor has
 * handled (a partition not read yet counts from its beginning). The extension's source has no consumer group, so
 * Kafka's own lag tools see nothing. Prometheus name {@code brew_kafka_consumer_lag_records{processor, topic}};
 * every segment reads every partition, so across instances take the minimum, not the sum.
 *
 * <p>Sampled in the background every {@code interval} (a scrape never waits for Kafka). While Kafka cannot be
 * reached the last figure stays; a processor appears once it has handled a record; a processor that stands still
 * (stopped, or failing on an event) keeps its positions, so its lag grows with the topic.
 *
 * <p>A lifecycle of its own because the Kafka admin client must be opened and closed with the sampling; the sampling
 * runs on a Spring scheduler of its own (not the application's: a service's {@code TaskScheduler} bean stays Boot's).
 */
public class KafkaConsumerLag implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerLag.class);

    private final String bootstrapServers;
    private final Duration interval;
    private final MeterRegistry registry;
    private final Map<Key, Long> lags = new ConcurrentHashMap<>();
    /** The highest offset per partition that each processor has handled on this instance. */
    private final Map<String, Map<TopicPartition, Long>> handled = new ConcurrentHashMap<>();
    private ThreadPoolTaskScheduler sampler;
    private Admin admin;
    private volatile boolean running;

    record Key(String processor, String topic) {
    }

    public KafkaConsumerLag(String bootstrapServers, Duration interval, MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.interval = interval;
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
        sampler = new ThreadPoolTaskScheduler();
        sampler.setThreadNamePrefix("kafka-consumer-lag-");
        sampler.setDaemon(true);
        sampler.initialize();
        sampler.scheduleWithFixedDelay(this::sampleSafely, Instant.now().plus(interval), interval);
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
        Map<String, Map<TopicPartition, Long>> positions = new HashMap<>();
        handled.forEach((processor, byPartition) -> positions.put(processor, Map.copyOf(byPartition)));
        if (positions.isEmpty()) {
            return;
        }
        // A partition the token has not read from yet counts from its beginning.
        Set<String> topics = positions.values().stream().flatMap(p -> p.keySet().stream())
                .map(TopicPartition::topic).collect(Collectors.toSet());
        Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS)
                .values().stream().flatMap(description -> description.partitions().stream()
                        .map(p -> new TopicPartition(description.name(), p.partition())))
                .collect(Collectors.toSet());
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> beginnings = offsets(partitions, OffsetSpec.earliest());
        positions.forEach((processor, byPartition) -> {
            Map<String, Long> perTopic = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long next = Math.max(beginnings.getOrDefault(partition, 0L), byPartition.getOrDefault(partition, -1L) + 1);
                perTopic.merge(partition.topic(), Math.max(0, ends.getOrDefault(partition, 0L) - next), Long::sum);
            }
            perTopic.forEach((topic, lag) -> record(new Key(processor, topic), lag));
        });
    }

    private Map<TopicPartition, Long> offsets(Set<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        ListOffsetsResult result = admin.listOffsets(partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> spec)));
        return result.all().get(5, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /**
     * Notes the offsets of every Kafka record a processor handles. A processor's token is not a reliable source: the
     * extension's token on a message may leave out partitions the processor has long read (seen here: a partition
     * missing from the token after all its records were handled), so the lag follows what was really handled.
     */
    MessageHandlerInterceptor<EventMessage<?>> handledBy(String processor) {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork.getMessage() instanceof TrackedEventMessage<?> tracked
                    && WrappedToken.unwrapLowerBound(tracked.trackingToken()) instanceof KafkaTrackingToken token) {
                Map<TopicPartition, Long> offsets = handled.computeIfAbsent(processor, p -> new ConcurrentHashMap<>());
                token.getPositions().forEach((partition, offset) -> offsets.merge(partition, offset, Math::max));
            }
            return result;
        };
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
            sampler.shutdown();
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
