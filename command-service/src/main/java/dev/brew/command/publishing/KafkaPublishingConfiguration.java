package dev.brew.command.publishing;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.KafkaProperties;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Publication to Kafka is a tracking event processor that reads the event store and sends each event to the
 * order-events topic; its token lives in PostgreSQL and advances only after Kafka acknowledged the batch. So an
 * event stored is an event published (at least once), even when Kafka was down at the time it was stored.
 */
@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfiguration {

    /**
     * Replaces the extension's publisher (which waits for each record's acknowledgement in turn) with one that sends
     * a batch and waits for all of it; the extension still wires it into its tracking processor. Setting
     * {@code brew.publisher.mode=per-event} goes back to the extension's own (kept for comparison and as a fallback).
     */
    @Bean(destroyMethod = "shutDown")
    @ConditionalOnProperty(name = "brew.publisher.mode", havingValue = "batch", matchIfMissing = true)
    @SuppressWarnings("unchecked") // the extension declares both with wildcards; its defaults are String/byte[]
    KafkaPublisher<String, byte[]> kafkaPublisher(ProducerFactory<?, ?> axonKafkaProducerFactory,
                                                  KafkaMessageConverter<?, ?> converter,
                                                  KafkaProperties kafkaProperties,
                                                  @Value("${brew.publisher.ack-timeout:10s}") Duration ackTimeout) {
        KafkaMessageConverter<String, byte[]> kafkaMessageConverter = (KafkaMessageConverter<String, byte[]>) converter;
        Map<String, Object> producerProperties = kafkaProperties.buildProducerProperties();
        String topic = kafkaProperties.getDefaultTopic();
        TopicResolver topics = event -> Optional.of(topic);
        KafkaPublisher.Builder<String, byte[]> validated = KafkaPublisher.<String, byte[]>builder()
                .producerFactory((ProducerFactory<String, byte[]>) axonKafkaProducerFactory)
                .messageConverter(kafkaMessageConverter)
                .topicResolver(topics);
        return new BatchingKafkaPublisher(validated, () -> new KafkaProducer<>(producerProperties),
                kafkaMessageConverter, topics, ackTimeout);
    }

    /**
     * Axon's default initial token is a replay token at the head, and the Kafka publisher does not take part in
     * replays: every event stored before the publisher's token first exists would be skipped. Starting at the tail
     * publishes the whole store once, then the token keeps the place.
     */
    @Autowired
    void publishFromTheFirstEvent(EventProcessingConfigurer processing,
                                  @Value("${brew.publisher.batch-size:100}") int batchSize) {
        processing.registerTrackingEventProcessorConfiguration(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken));
    }
}
