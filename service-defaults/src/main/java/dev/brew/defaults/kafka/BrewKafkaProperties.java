package dev.brew.defaults.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * The one shape every service declares its Kafka topics in ({@code brew.kafka.*}):
 * <pre>
 * brew.kafka.bootstrap-servers: ...
 * brew.kafka.partitions: 3            # BREW_KAFKA_PARTITIONS, the same for every Brew topic
 * brew.kafka.replication-factor: 1    # BREW_KAFKA_REPLICATION_FACTOR
 * brew.kafka.topics.order-events: brew.order-events   # the topics this service writes or reads
 * </pre>
 * {@link KafkaTopicsAutoConfiguration} creates the listed topics when they are missing ({@link KeptForeverTopics}).
 *
 * @param bootstrapServers  the Kafka brokers
 * @param partitions        partitions of a topic created here
 * @param replicationFactor replicas of a topic created here (3 in production)
 * @param topics            the topics this service writes or reads, by role ({@code order-events}) to name
 * @param topicsBeforeStart whether the first attempt to create them (at most ~5 s when Kafka does not answer) holds
 *                          up the start of the service's processors, so that on a normal start they find their
 *                          topics; otherwise every attempt runs in the background
 */
@ConfigurationProperties("brew.kafka")
public record BrewKafkaProperties(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        Map<String, String> topics,
        @DefaultValue("true") boolean topicsBeforeStart) {

    public BrewKafkaProperties {
        topics = topics == null ? Map.of() : Map.copyOf(topics);
    }

    /** The name of the topic with this role; a service that uses a topic must list it. */
    public String topic(String role) {
        String name = topics.get(role);
        if (name == null) {
            throw new IllegalStateException("brew.kafka.topics." + role + " is not set");
        }
        return name;
    }
}
