package dev.brew.query.config;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the order-events topic exists before the projection starts, with the same settings command-service
 * uses (kept forever: the views are rebuilt from it). Kafka's streamable source assigns the partitions that exist
 * when it opens its stream, so a query-service started before command-service would otherwise read nothing until
 * it restarts. If Kafka is down, the service starts anyway; the processor retries until Kafka answers.
 */
@Component
class OrderEventsTopic implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderEventsTopic.class);

    private final String bootstrapServers;
    private final String topic;
    private final int partitions;
    private final short replicationFactor;
    private volatile boolean running;

    OrderEventsTopic(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                     @Value("${axon.kafka.default-topic}") String topic,
                     @Value("${brew.kafka.order-events.partitions:3}") int partitions,
                     @Value("${brew.kafka.order-events.replication-factor:1}") short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void start() {
        running = true;
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, replicationFactor)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                            TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor > 2 ? "2" : "1"))))
                    .all().get(5, TimeUnit.SECONDS);
            log.info("Created topic {} ({} partitions, kept forever)", topic, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                log.warn("Cannot create topic {} ({}); the projection will wait for it", topic, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} does not answer; the projection will retry", bootstrapServers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before Axon's processors start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
