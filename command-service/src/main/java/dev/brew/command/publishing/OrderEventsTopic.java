package dev.brew.command.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
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
 * Creates the order-events topic if it is missing: keyed by order id over {@code partitions} partitions, and kept
 * forever ({@code retention.ms=-1}) because the read models are rebuilt from it. When Kafka is down at start-up the
 * service starts anyway (orders are stored and published later) and the topic is created as soon as Kafka answers.
 */
@Component
class OrderEventsTopic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderEventsTopic.class);

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final short replicationFactor;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "order-events-topic");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;
    private volatile boolean created;

    OrderEventsTopic(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                     @Value("${axon.kafka.default-topic}") String topic,
                     @Value("${brew.kafka.order-events.partitions:3}") int partitions,
                     @Value("${brew.kafka.order-events.replication-factor:1}") short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    boolean isCreated() {
        return created;
    }

    @Override
    public void start() {
        running = true;
        if (!tryCreate()) {
            retries.scheduleWithFixedDelay(() -> {
                if (tryCreate()) {
                    retries.shutdown();
                }
            }, 2, 5, TimeUnit.SECONDS);
        }
    }

    private boolean tryCreate() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor > 2 ? "2" : "1"));
            admin.createTopics(List.of(newTopic)).all().get(5, TimeUnit.SECONDS);
            log.info("Created topic {} ({} partitions, kept forever)", topic, partitions);
            created = true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                created = true;
            } else {
                log.warn("Cannot create topic {} yet ({}); will retry", topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} does not answer; will create topic {} when it does", bootstrapServers, topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** Before Axon's processors start, so that on a normal start the publisher finds the topic there. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
