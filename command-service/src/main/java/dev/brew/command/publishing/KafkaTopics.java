package dev.brew.command.publishing;

import dev.brew.contracts.member.MemberTopics;
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
 * Creates the topics this service writes or reads if they are missing: order events (keyed by order id) and member
 * events (keyed by member id; member-service creates it the same way), both kept forever ({@code retention.ms=-1})
 * because views and the member directory are rebuilt from them. The member-events topic must exist before the
 * directory's consumer assigns its partitions. When Kafka is down at start-up the service starts anyway (orders are
 * stored and published later) and the topics are created as soon as Kafka answers.
 */
@Component
class KafkaTopics implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private final String bootstrapServers;
    private final List<NewTopic> topics;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "kafka-topics");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    KafkaTopics(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                @Value("${axon.kafka.default-topic}") String orderEvents,
                @Value("${brew.kafka.member-events.topic:" + MemberTopics.MEMBER_EVENTS + "}") String memberEvents,
                @Value("${brew.kafka.partitions:3}") int partitions,
                @Value("${brew.kafka.replication-factor:1}") short replicationFactor) {
        this.bootstrapServers = bootstrapServers;
        Map<String, String> keptForever = Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, replicationFactor > 2 ? "2" : "1");
        this.topics = List.of(new NewTopic(orderEvents, partitions, replicationFactor).configs(keptForever),
                new NewTopic(memberEvents, partitions, replicationFactor).configs(keptForever));
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
        boolean all = true;
        try (Admin admin = Admin.create(config)) {
            for (NewTopic topic : topics) {
                try {
                    admin.createTopics(List.of(topic)).all().get(5, TimeUnit.SECONDS);
                    log.info("Created topic {} ({} partitions, kept forever)", topic.name(), topic.numPartitions());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        log.warn("Cannot create topic {} yet ({}); will retry", topic.name(), e.getCause().toString());
                        all = false;
                    }
                }
            }
        } catch (TimeoutException e) {
            log.warn("Kafka at {} does not answer; will create the topics when it does", bootstrapServers);
            all = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            all = false;
        }
        return all;
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

    /** Before Axon's processors start, so that on a normal start the publisher and consumers find their topics. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
