package dev.brew.command.publishing;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;

/**
 * Publication to Kafka is a tracking event processor that reads the event store and sends each event to the
 * order-events topic; its token lives in PostgreSQL and advances only after Kafka acknowledged the batch. So an
 * event stored is an event published (at least once), even when Kafka was down at the time it was stored.
 */
@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfiguration {

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
