package dev.brew.defaults.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics a service writes or reads if they are missing, kept forever ({@code retention.ms=-1}): views
 * and directories are rebuilt from them. Every service that touches a topic declares it the same way, so whichever
 * starts first creates it with the same settings (a streamable Kafka source assigns only the partitions that exist
 * when it opens its stream). When Kafka is down the service starts anyway and the topics are created as soon as
 * Kafka answers (tried again every 5 s).
 *
 * <p>Declared as a bean by each service, with the lifecycle phase it must precede (its Axon processors, its relay):
 * a lifecycle of its own for that ordering; the attempts run on a Spring scheduler of its own.
 */
public class KeptForeverTopics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeptForeverTopics.class);

    /** One topic: name, partitions, replication factor. */
    public record Topic(String name, int partitions, short replicationFactor) {
    }

    private final String bootstrapServers;
    private final List<Topic> topics;
    private final int phase;
    private final boolean firstAttemptBeforeStarting;
    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final ThreadPoolTaskScheduler retries = new ThreadPoolTaskScheduler();
    private volatile boolean running;

    /**
     * @param firstAttemptBeforeStarting whether the first attempt (at most ~5 s when Kafka does not answer) holds up
     *                                   the start of what follows in later phases, so that on a normal start they
     *                                   find their topics; otherwise every attempt runs in the background
     */
    public KeptForeverTopics(String bootstrapServers, List<Topic> topics, int phase,
                             boolean firstAttemptBeforeStarting) {
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.phase = phase;
        this.firstAttemptBeforeStarting = firstAttemptBeforeStarting;
    }

    /** Whether every topic exists (created here or found). */
    public boolean allCreated() {
        return created.size() == topics.size();
    }

    @Override
    public void start() {
        retries.setThreadNamePrefix("kafka-topics-");
        retries.setDaemon(true);
        retries.initialize();
        running = true;
        if (firstAttemptBeforeStarting) {
            if (!tryCreate()) {
                retryInBackground();
            }
        } else {
            retries.execute(() -> {
                if (!tryCreate()) {
                    retryInBackground();
                }
            });
        }
    }

    private void retryInBackground() {
        retries.scheduleWithFixedDelay(() -> {
            if (tryCreate()) {
                retries.shutdown();
            }
        }, Instant.now().plusSeconds(2), Duration.ofSeconds(5));
    }

    private boolean tryCreate() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            for (Topic topic : topics) {
                if (created.contains(topic.name())) {
                    continue;
                }
                try {
                    admin.createTopics(List.of(newTopic(topic))).all().get(5, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions, kept forever)", topic.name(), topic.partitions());
                    created.add(topic.name());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        created.add(topic.name());
                    } else {
                        log.warn("Cannot create topic {} yet ({}); will retry", topic.name(), e.getCause().toString());
                    }
                }
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} does not answer; will create the topics when it does", bootstrapServers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Cannot reach Kafka at {} ({}); will retry", bootstrapServers, e.toString());
        }
        return allCreated();
    }

    static NewTopic newTopic(Topic topic) {
        return new NewTopic(topic.name(), topic.partitions(), topic.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, topic.replicationFactor() > 2 ? "2" : "1"));
    }

    @Override
    public void stop() {
        running = false;
        retries.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return phase;
    }
}
