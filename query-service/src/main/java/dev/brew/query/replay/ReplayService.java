package dev.brew.query.replay;

import dev.brew.query.QueryProperties;
import dev.brew.query.admin.ParkedEvents;
import dev.brew.query.projection.OrderChangeFeed;
import dev.brew.query.projection.OrderStatusProjection;
import dev.brew.query.projection.ViewVersions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.kafka.eventhandling.consumer.ConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the order-status view from the start of the order-events topic with no downtime (ADR 0113):
 * <ol>
 *   <li>reserve the next view version in the pointer document (one replay at a time, across instances); from then on
 *   the live projection writes every event into that version too;</li>
 *   <li>note the topic's extent: every record below its end offsets is the replay's job, everything after is live;</li>
 *   <li>start the processing group {@value OrderStatusProjection#REPLAY_GROUP}, an ordinary tracking processor
 *   registered in Axon's configuration (not started with the application), from the topic's first record: the same
 *   handlers and batching as the live projection, writing only into the new version;</li>
 *   <li>after each written batch, mark its records; when every record of the noted extent is written, swap the
 *   pointer in one atomic update, tell the screens to reload, stop the processor, and drop the old version after a
 *   grace period.</li>
 * </ol>
 * Queries read the old version throughout. A replay that makes no progress for {@code failure-timeout} fails: the
 * pointer is given back, the new version dropped, the live view never touched.
 *
 * <p>Progress of the replay this instance runs (or ran last): {@code brew_replay_running} (1 while running),
 * {@code brew_replay_processed_records} and {@code brew_replay_size_records} (the topic's size when it started).
 */
@Service
public class ReplayService implements OrderStatusProjection.Rebuild {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    private final ViewVersions versions;
    private final ReplayRecords records;
    private final ParkedEvents parked;
    private final OrderChangeFeed feed;
    private final EventProcessingConfiguration processing;
    private final ConsumerFactory<?, ?> consumerFactory;
    private final TokenStore tokenStore;
    private final TaskScheduler scheduler;
    private final String topic;
    private final QueryProperties.Replay settings;
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    private final AtomicLong processedGauge = new AtomicLong();
    private final AtomicLong sizeGauge = new AtomicLong();
    private volatile Run running;

    public ReplayService(ViewVersions versions, ReplayRecords records, ParkedEvents parked, OrderChangeFeed feed,
                         @Lazy EventProcessingConfiguration processing, ConsumerFactory<?, ?> consumerFactory,
                         TokenStore tokenStore, TaskScheduler scheduler,
                         @Value("${axon.kafka.default-topic}") String topic, QueryProperties properties,
                         MeterRegistry registry) {
        this.versions = versions;
        this.records = records;
        this.parked = parked;
        this.feed = feed;
        this.processing = processing;
        this.consumerFactory = consumerFactory;
        this.tokenStore = tokenStore;
        this.scheduler = scheduler;
        this.topic = topic;
        this.settings = properties.replay();
        Gauge.builder("brew.replay.running", this, r -> r.running == null ? 0 : 1)
                .description("Replays this instance is running").register(registry);
        Gauge.builder("brew.replay.processed", processedGauge, AtomicLong::get).baseUnit("records")
                .description("Records the current (or last) replay of this instance has written").register(registry);
        Gauge.builder("brew.replay.size", sizeGauge, AtomicLong::get).baseUnit("records")
                .description("Records the current (or last) replay of this instance has to write").register(registry);
    }

    /**
     * Starts a replay and returns once its processor runs (or it failed to start); throws
     * {@link ReplayAlreadyRunning} if one runs.
     */
    public synchronized ReplayStatus start() {
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
        try {
            versions.createIndexes(version);
            Run run = new Run(id, version, topicSize(), parked.firstParkedSequences(), System.nanoTime());
            processedGauge.set(0);
            sizeGauge.set(run.total());
            records.progress(id, 0, run.total());
            log.info("Replay {} rebuilds the order-status view into v{} from {} records", id, version, run.total());
            running = run;
            if (run.total() == 0) {
                complete(run);
            } else {
                deleteTokens(); // a fresh token: from the topic's first record
                processor().start();
            }
        } catch (RuntimeException e) {
            fail(id, e);
        }
        return status(id).orElseThrow();
    }

    public Optional<ReplayStatus> status(String id) {
        return records.find(id);
    }

    @Override
    public boolean parked(String orderId, long sequence) {
        Run run = running;
        return run != null && run.parked.getOrDefault(orderId, Long.MAX_VALUE) <= sequence;
    }

    /** An event the replay could not handle was parked: its order's later events wait behind it. */
    public void parkedDuringReplay(String orderId, long sequence) {
        Run run = running;
        if (run != null) {
            run.parked.merge(orderId, sequence, Math::min);
        }
    }

    /**
     * Called by the replay's projection after each batch it wrote: marks the batch's records, reports progress, and
     * swaps the rebuilt view in once every record of the noted extent is written. Runs on the processor's thread.
     */
    @Override
    public void written(List<?> batch) {
        Run run = running;
        if (run == null) {
            return;
        }
        for (Object message : batch) {
            if (message instanceof TrackedEventMessage<?> tracked
                    && WrappedToken.unwrapLowerBound(tracked.trackingToken()) instanceof KafkaTrackingToken token) {
                run.mark(token);
            }
        }
        long processed = run.processed();
        processedGauge.set(processed);
        run.lastProgress = Instant.now();
        if (processed >= run.total()) {
            complete(run);
        } else {
            records.progress(run.id, processed, run.total());
        }
    }

    private void complete(Run run) {
        if (!finish(run)) {
            return;
        }
        processor().shutdownAsync();
        Integer previous = versions.activate(run.id, run.version);
        if (previous == null) {
            fail(run.id, new IllegalStateException("The replay lost its reservation of the view pointer"));
            return;
        }
        feed.publishReset();
        processedGauge.set(run.total());
        records.completed(run.id, run.total());
        double seconds = (System.nanoTime() - run.started) / 1e9;
        log.info("Replay {} completed in {} s ({} records/s); v{} is active", run.id, String.format("%.2f", seconds),
                Math.round(run.total() / Math.max(seconds, 0.001)), run.version);
        scheduler.schedule(() -> versions.drop(previous), Instant.now().plus(settings.retiredGrace()));
    }

    /** Fails a replay that made no progress for {@code failure-timeout} (a processor in error, Kafka gone...). */
    @Scheduled(fixedDelayString = "${brew.query.replay.failure-timeout:30s}")
    void watch() {
        Run run = running;
        if (run != null && run.lastProgress.isBefore(Instant.now().minus(settings.failureTimeout())) && finish(run)) {
            processor().shutDown();
            fail(run.id, new IllegalStateException("The replay made no progress for " + settings.failureTimeout()));
        }
    }

    /** Ends {@code run} once, whoever gets there first: its last batch, or the watch. */
    private synchronized boolean finish(Run run) {
        if (running != run) {
            return false;
        }
        running = null;
        return true;
    }

    private void fail(String id, Exception e) {
        Run run = running;
        if (run != null && run.id.equals(id)) {
            finish(run);
        }
        log.warn("Replay {} failed; the live view stays as it was", id, e);
        records.failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        versions.abandonBuild(id);
        scheduler.schedule(versions::dropOrphans, Instant.now().plus(settings.retiredGrace()));
    }

    private boolean abandoned(String replayId) {
        Run run = running;
        if (run != null && run.id.equals(replayId)) {
            return false;
        }
        return records.lastSignOfLife(replayId)
                .map(at -> at.isBefore(Instant.now().minus(settings.abandonedAfter())))
                .orElse(true);
    }

    private TrackingEventProcessor processor() {
        return processing.eventProcessor(OrderStatusProjection.REPLAY_GROUP, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No replay processor is configured"));
    }

    private Map<TopicPartition, Long>[] topicSize() {
        try (Consumer<?, ?> consumer = consumerFactory.createConsumer(null)) {
            Duration timeout = settings.startTimeout();
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            @SuppressWarnings("unchecked")
            Map<TopicPartition, Long>[] extent = new Map[]{consumer.beginningOffsets(partitions, timeout),
                    consumer.endOffsets(partitions, timeout)};
            return extent;
        }
    }

    /** Removes the replay processor's tokens (claiming each first: only the owner may delete). */
    private void deleteTokens() {
        String name = processor().getName();
        for (int segment : tokenStore.fetchSegments(name)) {
            tokenStore.fetchToken(name, segment);
            tokenStore.deleteToken(name, segment);
        }
    }

    /**
     * One replay: the topic's extent when it started and, per partition, which of those records are written. Each
     * record is marked by its own offset (the one its token moved), not by the highest offset seen: the source
     * releases records by timestamp, so a partition's records may come out of order.
     */
    private static final class Run {
        final String id;
        final int version;
        final Map<TopicPartition, Long> beginning;
        final Map<TopicPartition, Long> end;
        final long started;
        /** Per parked order, the sequence of its first parked event: it and the order's later events are left out. */
        final Map<String, Long> parked;
        final Map<TopicPartition, BitSet> written = new HashMap<>();
        Map<TopicPartition, Long> lastPositions = Map.of();
        volatile Instant lastProgress = Instant.now();

        Run(String id, int version, Map<TopicPartition, Long>[] extent, Map<String, Long> parked, long started) {
            this.id = id;
            this.parked = new ConcurrentHashMap<>(parked);
            this.version = version;
            this.beginning = extent[0];
            this.end = extent[1];
            this.started = started;
        }

        long total() {
            return end.entrySet().stream().mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        }

        /** Marks the record this token was advanced to: the partition whose position differs from the last one. */
        void mark(KafkaTrackingToken token) {
            token.getPositions().forEach((partition, offset) -> {
                if (!offset.equals(lastPositions.get(partition)) && end.containsKey(partition)
                        && offset >= beginning.get(partition) && offset < end.get(partition)) {
                    written.computeIfAbsent(partition, p -> new BitSet())
                            .set((int) (offset - beginning.get(partition)));
                }
            });
            lastPositions = token.getPositions();
        }

        long processed() {
            return written.values().stream().mapToLong(BitSet::cardinality).sum();
        }
    }
}
