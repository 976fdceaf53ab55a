package dev.brew.query.replay;

import dev.brew.query.QueryProperties;
import dev.brew.query.projection.OrderChangeFeed;
import dev.brew.query.projection.ViewVersions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the order-status view from the start of the order-events topic, with no downtime:
 * <ol>
 *   <li>reserve the next view version in the pointer document (only one replay at a time, across instances);</li>
 *   <li>from then on the live projection writes every event into that version too;</li>
 *   <li>note the topic's end offsets: everything before them is the replay's job, everything after is live;</li>
 *   <li>a tracking processor of its own (fresh name, so fresh token) reads the topic from offset 0 into the new
 *   version, in bulk, until it reaches those end offsets, reporting progress as it goes;</li>
 *   <li>then the pointer is switched to the new version in one atomic update, screens are told to reload, and the
 *   old version is dropped after a grace period.</li>
 * </ol>
 * Queries keep reading the old version throughout. A replay that fails gives the pointer back and drops its
 * version: the live view is never touched.
 *
 * <p>Progress of the replay this instance runs (or ran last): {@code brew_replay_running} (1 while running),
 * {@code brew_replay_processed_records} and {@code brew_replay_size_records} (the topic's size when it started).
 */
@Service
public class ReplayService {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);
    private static final String PROCESSOR_PREFIX = "order-status-replay-v";
    /** How long records below a partition's highest handled offset are given to leave the source's buffer. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final ViewVersions versions;
    private final ReplayRecords records;
    private final OrderChangeFeed feed;
    private final StreamableMessageSource<TrackedEventMessage<?>> source;
    private final ConsumerFactory<?, ?> consumerFactory;
    private final TokenStore tokenStore;
    private final String topic;
    private final QueryProperties.Replay settings;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "order-status-replay");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "order-status-retired-views");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, TrackingEventProcessor> running = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong processedGauge = new AtomicLong();
    private final AtomicLong sizeGauge = new AtomicLong();

    @SuppressWarnings("unchecked")
    public ReplayService(ViewVersions versions, ReplayRecords records, OrderChangeFeed feed,
                         @Qualifier("streamableKafkaMessageSource") StreamableMessageSource<?> source,
                         ConsumerFactory<?, ?> consumerFactory, TokenStore tokenStore,
                         @Value("${axon.kafka.default-topic}") String topic, QueryProperties properties,
                         MeterRegistry registry) {
        this.versions = versions;
        this.records = records;
        this.feed = feed;
        this.source = (StreamableMessageSource<TrackedEventMessage<?>>) source;
        this.consumerFactory = consumerFactory;
        this.tokenStore = tokenStore;
        this.topic = topic;
        this.settings = properties.replay();
        Gauge.builder("brew.replay.running", running, Map::size)
                .description("Replays this instance is running").register(registry);
        Gauge.builder("brew.replay.processed", processedGauge, AtomicLong::get).baseUnit("records")
                .description("Records the current (or last) replay of this instance has written").register(registry);
        Gauge.builder("brew.replay.size", sizeGauge, AtomicLong::get).baseUnit("records")
                .description("Records the current (or last) replay of this instance has to write").register(registry);
    }

    /** Starts a replay and returns at once; throws {@link ReplayAlreadyRunning} if one runs. */
    public ReplayStatus start() {
        ViewVersions.Pointer seen = versions.refresh();
        if (seen.replayId() != null) {
            if (!abandoned(seen.replayId())) {
                throw new ReplayAlreadyRunning(seen.replayId());
            }
            log.warn("Replay {} shows no sign of life; taking over", seen.replayId());
            records.failed(seen.replayId(), "Abandoned: no progress for " + settings.abandonedAfter());
            versions.abandonBuild(seen.replayId());
            seen = versions.refresh();
        }
        String id = UUID.randomUUID().toString();
        ViewVersions.Pointer reserved = versions.beginBuild(seen, id);
        if (reserved == null) {
            throw new ReplayAlreadyRunning(Optional.ofNullable(versions.refresh().replayId()).orElse("unknown"));
        }
        int version = reserved.building();
        records.create(id, version, instance);
        runner.submit(() -> run(id, version));
        return status(id).orElseThrow();
    }

    public Optional<ReplayStatus> status(String id) {
        return records.find(id);
    }

    private boolean abandoned(String replayId) {
        if (running.containsKey(replayId)) {
            return false;
        }
        return records.lastSignOfLife(replayId)
                .map(at -> at.isBefore(Instant.now().minus(settings.abandonedAfter())))
                .orElse(true);
    }

    private void run(String id, int version) {
        String processorName = PROCESSOR_PREFIX + version;
        TrackingEventProcessor processor = null;
        try {
            versions.createIndexes(version);
            TopicSize size = topicSize();
            processedGauge.set(0);
            sizeGauge.set(size.total());
            records.progress(id, 0, size.total());
            log.info("Replay {} rebuilds the order-status view into v{} from {} records", id, version, size.total());
            long started = System.nanoTime();
            ShadowViewHandler shadow = new ShadowViewHandler(versions.view(version));
            processor = processor(processorName, shadow);
            running.put(id, processor);
            processor.start();
            Instant errorSince = null;
            // Progress and completion follow the records written to the shadow view, not the processor's token: the
            // source releases records by timestamp, so the token shows the record handled last, which after a Kafka
            // outage (the publisher re-sends older records at higher offsets) can stay below a partition's end.
            Map<TopicPartition, Long> lastWritten = Map.of();
            Instant lastProgress = Instant.now();
            Instant allWrittenAt = null;
            while (true) {
                Map<TopicPartition, Long> written = shadow.written();
                processedGauge.set(size.processed(written));
                records.progress(id, size.processed(written), size.total());
                if (!written.equals(lastWritten)) {
                    lastWritten = written;
                    lastProgress = Instant.now();
                }
                if (size.reached(written)) {
                    // The highest record of every partition is written; lower ones released after it (older
                    // timestamps go first, so before any newer record) get a moment to drain, then the swap.
                    allWrittenAt = allWrittenAt == null ? Instant.now() : allWrittenAt;
                    if (allWrittenAt.isBefore(Instant.now().minus(DRAIN))) {
                        break;
                    }
                } else if (lastProgress.isBefore(Instant.now().minus(settings.failureTimeout()))) {
                    throw new IllegalStateException("The replay made no progress for " + settings.failureTimeout());
                }
                if (processor.isError()) {
                    errorSince = errorSince == null ? Instant.now() : errorSince;
                    if (errorSince.isBefore(Instant.now().minus(settings.failureTimeout()))) {
                        throw new IllegalStateException("The replay processor kept failing for "
                                + settings.failureTimeout());
                    }
                } else {
                    errorSince = null;
                }
                if (!processor.isRunning() && !processor.isError()) {
                    throw new IllegalStateException("The replay processor stopped");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            processor.shutDown();
            Integer previous = versions.activate(id, version);
            if (previous == null) {
                throw new IllegalStateException("The replay lost its reservation of the view pointer");
            }
            feed.publishReset();
            processedGauge.set(size.total());
            records.completed(id, size.total());
            double seconds = (System.nanoTime() - started) / 1e9;
            log.info("Replay {} done: {} records in {} s ({} records/s); v{} is active", id, size.total(),
                    String.format("%.2f", seconds), Math.round(size.total() / Math.max(seconds, 0.001)), version);
            cleaner.schedule(() -> versions.drop(previous), settings.retiredGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Replay {} failed; the live view stays as it was", id, e);
            if (processor != null) {
                processor.shutDown();
            }
            records.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            versions.abandonBuild(id);
            cleaner.schedule(versions::dropOrphans, settings.retiredGrace().toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            running.remove(id);
            deleteTokens(processorName);
        }
    }

    private TrackingEventProcessor processor(String name, ShadowViewHandler shadow) {
        return TrackingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                        .eventHandlers(shadow)
                        .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                        .build())
                .messageSource(source)
                .tokenStore(tokenStore)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration
                        .forSingleThreadedProcessing()
                        .andBatchSize(settings.batchSize())
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .build();
    }

    /** The replay processor's position per partition: the offset of the last record it processed. */
    private static Map<TopicPartition, Long> positions(TrackingEventProcessor processor) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            TrackingToken token = WrappedToken.unwrapLowerBound(status.getTrackingToken());
            if (token instanceof KafkaTrackingToken kafkaToken) {
                positions.putAll(kafkaToken.getPositions());
            }
        }
        return positions;
    }

    private TopicSize topicSize() {
        try (Consumer<?, ?> consumer = consumerFactory.createConsumer(null)) {
            Duration timeout = settings.startTimeout();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            return new TopicSize(consumer.beginningOffsets(partitions, timeout), consumer.endOffsets(partitions, timeout));
        }
    }

    private void deleteTokens(String processorName) {
        try {
            for (int segment : tokenStore.fetchSegments(processorName)) {
                tokenStore.fetchToken(processorName, segment); // claims it: only the owner may delete
                tokenStore.deleteToken(processorName, segment);
            }
        } catch (RuntimeException e) {
            log.debug("Could not delete the tokens of {}: {}", processorName, e.toString());
        }
    }

    @PreDestroy
    void shutDown() {
        running.values().forEach(TrackingEventProcessor::shutDown);
        runner.shutdownNow();
        cleaner.shutdownNow();
    }

    /** The topic's extent when the replay started: the replay's share of the work. */
    record TopicSize(Map<TopicPartition, Long> beginning, Map<TopicPartition, Long> end) {

        long total() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        }

        long processed(Map<TopicPartition, Long> positions) {
            long processed = 0;
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                Long position = positions.get(e.getKey());
                if (position != null) {
                    processed += Math.min(position + 1, e.getValue()) - beginning.get(e.getKey());
                }
            }
            return Math.max(0, processed);
        }

        boolean reached(Map<TopicPartition, Long> positions) {
            return processed(positions) >= total();
        }
    }
}
