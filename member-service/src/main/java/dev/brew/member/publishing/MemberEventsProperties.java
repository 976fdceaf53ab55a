package dev.brew.member.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * Where and how member events are published.
 *
 * @param bootstrapServers  the Kafka brokers
 * @param topic             the member-events topic (keyed by member id)
 * @param partitions        partitions when the topic is created here
 * @param replicationFactor replicas when the topic is created here (3 in production)
 * @param pollInterval      how often the relay looks for pending events when nothing woke it
 * @param batchSize         at most this many members' events per round
 * @param maxBackoff        the longest pause between rounds while Kafka refuses
 * @param producer          extra Kafka producer properties (they override the safe defaults)
 */
@ConfigurationProperties("brew.member-events")
public record MemberEventsProperties(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("brew.member-events") String topic,
        @DefaultValue("3") int partitions,
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("10s") Duration maxBackoff,
        Map<String, String> producer) {

    public MemberEventsProperties {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }
}
