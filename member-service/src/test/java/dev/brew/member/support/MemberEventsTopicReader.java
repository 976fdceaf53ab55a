package dev.brew.member.support;

import dev.brew.defaults.axon.AxonJsonAutoConfiguration;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestComponent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the whole member-events topic from the start, as an independent consumer would, and decodes records the way
 * the consuming services do: with the Axon Kafka extension's {@link DefaultKafkaMessageConverter}.
 */
@TestComponent
public class MemberEventsTopicReader {

    private final String topic;
    private final KafkaMessageConverter<String, byte[]> converter = DefaultKafkaMessageConverter.builder()
            .serializer(JacksonSerializer.builder().objectMapper(AxonJsonAutoConfiguration.eventObjectMapper()).build())
            .build();

    public MemberEventsTopicReader(@Value("${brew.kafka.topics.member-events}") String topic) {
        this.topic = topic;
    }

    public List<ConsumerRecord<String, byte[]>> readAll() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public List<ConsumerRecord<String, byte[]>> recordsFor(String memberId) {
        return readAll().stream().filter(r -> memberId.equals(r.key())).toList();
    }

    public EventMessage<?> decode(ConsumerRecord<String, byte[]> record) {
        return converter.readKafkaMessage(record)
                .orElseThrow(() -> new AssertionError("Axon's converter cannot read " + record));
    }
}
