package dev.brew.command.members;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.consumer.AsyncFetcher;
import org.axonframework.extensions.kafka.eventhandling.consumer.DefaultConsumerFactory;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaEventMessage;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.SortedKafkaMessageBuffer;
import org.axonframework.extensions.kafka.eventhandling.consumer.streamable.StreamableKafkaMessageSource;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * Reads member-service's events from Kafka into the member directory: Axon's streamable Kafka source (no consumer
 * group; the position is the processor's token, kept in PostgreSQL) feeding a tracking processor. The order-events
 * publisher keeps {@code axon.kafka.default-topic}; this source names its own topic.
 */
@Configuration(proxyBeanMethods = false)
class MemberEventsConfiguration {

    @Bean(destroyMethod = "shutdown")
    AsyncFetcher<String, byte[], KafkaEventMessage> memberEventsFetcher() {
        return AsyncFetcher.<String, byte[], KafkaEventMessage>builder()
                .pollTimeout(1000)
                .build();
    }

    @Bean
    StreamableKafkaMessageSource<String, byte[]> memberEventsSource(
            @Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${brew.kafka.topics.member-events}") String topic,
            @Qualifier("eventSerializer") Serializer serializer,
            AsyncFetcher<String, byte[], KafkaEventMessage> fetcher) {
        Map<String, Object> consumer = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "command-service-member-directory",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return StreamableKafkaMessageSource.<String, byte[]>builder()
                .topics(List.of(topic))
                .consumerFactory(new DefaultConsumerFactory<>(consumer))
                .fetcher(fetcher)
                .messageConverter(DefaultKafkaMessageConverter.builder().serializer(serializer).build())
                .serializer(serializer)
                .bufferFactory(() -> new SortedKafkaMessageBuffer<>(1000))
                .build();
    }

    @Autowired
    void memberDirectoryProcessor(EventProcessingConfigurer processing,
                                  ObjectProvider<StreamableKafkaMessageSource<String, byte[]>> memberEventsSource) {
        processing.registerTrackingEventProcessor(MemberDirectoryProjection.GROUP,
                configuration -> memberEventsSource.getObject(),
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(100)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken));
    }
}
