package dev.brew.member.publishing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * How member events are published. Where (brokers, the topic, its partitions and replicas) is {@code brew.kafka.*},
 * as in every service (service-defaults' {@code BrewKafkaProperties}).
 *
 * @param pollInterval      how often the relay looks for pending events when nothing woke it
 * @param batchSize         at most this many members' events per round
 * @param maxBackoff        the longest pause between rounds while Kafka refuses
 * @param producer          extra Kafka producer properties (they override the safe defaults)
 */
@ConfigurationProperties("brew.member-events")
public record MemberEventsProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("10s") Duration maxBackoff,
        Map<String, String> producer) {

    public MemberEventsProperties {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }
}
