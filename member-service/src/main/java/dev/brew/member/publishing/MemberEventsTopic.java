package dev.brew.member.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the member-events topic if it is missing (keyed by member id, kept forever so a new consumer can build its
 * member directory from the start). When Kafka is down at start-up the service starts anyway, keeps taking sign-ups
 * into the outbox, and creates the topic as soon as Kafka answers; the relay waits for it.
 */
@Component
class MemberEventsTopic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MemberEventsTopic.class);

    private final MemberEventsProperties properties;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "member-events-topic");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private volatile boolean created;

    MemberEventsTopic(MemberEventsProperties properties) {
        this.properties = properties;
    }

    boolean isCreated() {
        return created;
    }

    @Override
    public void start() {
        running = true;
        retries.execute(() -> {
            if (!tryCreate()) {
                retries.scheduleWithFixedDelay(() -> {
                    if (tryCreate()) {
                        retries.shutdown();
                    }
                }, 2, 5, TimeUnit.SECONDS);
            }
        });
    }

    private boolean tryCreate() {
        if (created) {
            return true;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            NewTopic topic = new NewTopic(properties.topic(), properties.partitions(), properties.replicationFactor())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, properties.replicationFactor() > 2 ? "2" : "1"));
            admin.createTopics(List.of(topic)).all().get(5, TimeUnit.SECONDS);
            log.info("Created topic {} ({} partitions, kept forever)", properties.topic(), properties.partitions());
            created = true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                created = true;
            } else {
                log.warn("Cannot create topic {} yet ({}); will retry", properties.topic(), e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} does not answer; will create topic {} when it does", properties.bootstrapServers(),
                    properties.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Cannot reach Kafka at {} ({}); will retry", properties.bootstrapServers(), e.toString());
        }
        return created;
    }

    @Override
    public void stop() {
        running = false;
        retries.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the relay starts. */
    @Override
    public int getPhase() {
        return MemberEventRelay.PHASE - 100;
    }
}
