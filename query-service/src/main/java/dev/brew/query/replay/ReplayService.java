package dev.brew.query.replay;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import dev.brew.defaults.problem.Refusal;
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
import org.bson.Document;
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
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;

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
 * {@code brew_replay_processed_records} and {@code brew_replay_size_records} (the topic's size when it started); and
 * in the {@value #COLLECTION} collection, at most once a second, so that any instance reports on any replay.
 */
@Service
public class ReplayService implements OrderStatusProjection.Rebuild {

    private static final Logger log = LoggerFactory.getLogger(ReplayService.class);

    private final ViewVersions versions;
    static final String COLLECTION = "replays";
    /** Progress is written to MongoDB at most this often (the gauges follow every batch). */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    private final MongoCollection<Document> records;
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

    public ReplayService(ViewVersions versions, MongoDatabase database, ParkedEvents parked, OrderChangeFeed feed,
                         @Lazy EventProcessingConfiguration processing, ConsumerFactory<?, ?> consumerFactory,
                         TokenStore tokenStore, TaskScheduler scheduler,
                         @Value("${axon.kafka.default-topic}") String topic, QueryProperties properties,
                         MeterRegistry registry) {
        this.versions = versions;
        this.records = database.getCollection(COLLECTION);
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
     * {@link AlreadyRunning} if one runs.
     */
    public synchronized Status start() {
        ViewVersions.Pointer seen = versions.refresh();
        if (seen.replayId() != null) {
            if (!abandoned(seen.replayId())) {
                throw new AlreadyRunning(seen.replayId());
            }
            log.warn("Replay {} shows no sign of life; taking over", seen.replayId());
            failed(seen.replayId(), "Abandoned: no progress for " + settings.abandonedAfter());
            versions.abandonBuild(seen.replayId());
            seen = versions.refresh();
        }
        String id = UUID.randomUUID().toString();
        ViewVersions.Pointer reserved = versions.beginBuild(seen, id);
        if (reserved == null) {
            throw new AlreadyRunning(Optional.ofNullable(versions.refresh().replayId()).orElse("unknown"));
        }
        int version = reserved.building();
        Date now = new Date();
        records.insertOne(new Document("_id", id).append("state", State.RUNNING.name()).append("processed", 0L)
                .append("total", 0L).append("percent", 0).append("version", version).append("owner", instance)
                .append("startedAt", now).append("updatedAt", now));
        try {
            versions.createIndexes(version);
            Run run = new Run(id, version, topicSize(), parked.firstParkedSequences(), System.nanoTime());
            processedGauge.set(0);
            sizeGauge.set(run.total());
            progress(run, 0);
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

    /** Where a replay stands, whichever instance runs it. */
    public Optional<Status> status(String id) {
        return Optional.ofNullable(records.find(eq("_id", id)).first()).map(d -> new Status(d.getString("_id"),
                State.valueOf(d.getString("state")), ((Number) d.get("processed")).longValue(),
                ((Number) d.get("total")).longValue(), d.getInteger("percent", 0), d.getInteger("version", 0),
                d.getDate("startedAt").toInstant(),
                Optional.ofNullable(d.getDate("finishedAt")).map(Date::toInstant).orElse(null), d.getString("error")));
    }

    /**
     * Where a replay stands. {@code processed} and {@code total} count records of the order-events topic: the total
     * is fixed when the replay starts (the topic's size then); events arriving later reach the rebuilt view through
     * the live projection.
     */
    public record Status(String id, State state, long processed, long total, int percent, int version,
                         Instant startedAt, Instant finishedAt, String error) {
    }

    public enum State { RUNNING, COMPLETED, FAILED }

    /** A replay was requested while another one runs (409, naming it): only one view can be rebuilt at a time. */
    public static class AlreadyRunning extends Refusal {

        AlreadyRunning(String runningId) {
            super(409, "replay-running", "A replay is already running; wait for it to finish");
            property("runningReplayId", runningId);
        }
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
        } else if (run.lastProgress.isAfter(run.progressWritten.plus(PROGRESS_EVERY))) {
            progress(run, processed);
        }
    }

    private void progress(Run run, long processed) {
        run.progressWritten = Instant.now();
        records.updateOne(and(eq("_id", run.id), eq("state", State.RUNNING.name())), combine(
                set("processed", processed), set("total", run.total()),
                set("percent", (int) Math.min(100, run.total() <= 0 ? 100 : processed * 100 / run.total())),
                set("updatedAt", new Date())));
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
        Date now = new Date();
        records.updateOne(eq("_id", run.id), combine(set("state", State.COMPLETED.name()),
                set("processed", run.total()), set("total", run.total()), set("percent", 100), set("updatedAt", now),
                set("finishedAt", now)));
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
        failed(id, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        versions.abandonBuild(id);
        scheduler.schedule(versions::dropOrphans, Instant.now().plus(settings.retiredGrace()));
    }

    private boolean abandoned(String replayId) {
        Run run = running;
        if (run != null && run.id.equals(replayId)) {
            return false;
        }
        Document running = records.find(and(eq("_id", replayId), eq("state", State.RUNNING.name()))).first();
        return running == null || running.getDate("updatedAt").toInstant()
                .isBefore(Instant.now().minus(settings.abandonedAfter()));
    }

    private void failed(String id, String error) {
        Date now = new Date();
        records.updateOne(and(eq("_id", id), eq("state", State.RUNNING.name())), combine(
                set("state", State.FAILED.name()), set("error", error), set("updatedAt", now),
                set("finishedAt", now)));
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
        Instant progressWritten = Instant.MIN;

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
