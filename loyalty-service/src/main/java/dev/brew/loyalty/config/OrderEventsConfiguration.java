package dev.brew.loyalty.config;

import dev.brew.loyalty.ledger.LoyaltyProjection;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * loyalty-service reads the order events from Kafka with Axon's streamable source (no consumer group; its position
 * is the processor's token in PostgreSQL, committed with the loyalty tables) into one tracking processor. It stores
 * no events of its own, so it has a plain event bus instead of an event store.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** No event store here: without this bean Axon would build one on the DataSource. */
    @Bean
    EventBus eventBus() {
        return SimpleEventBus.builder().build();
    }

    /** The token table's snake_case names (Flyway creates it). */
    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Autowired
    @SuppressWarnings("unchecked")
    void loyaltyProcessor(EventProcessingConfigurer processing,
                          @Value("${brew.loyalty.processor.batch-size:200}") int batchSize,
                          @Qualifier("streamableKafkaMessageSource") StreamableMessageSource<?> source) {
        processing.registerTrackingEventProcessor(LoyaltyProjection.GROUP,
                configuration -> (StreamableMessageSource<TrackedEventMessage<?>>) source,
                configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                        .andBatchSize(batchSize)
                        // The first start reads the topic from its first record: that is the back-fill. Axon's
                        // default (a replay token at the head) would skip the history or mark it all as replayed.
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken));
        // A failed write stops the batch and is retried, never skipped (the default only logs): no stamp is lost.
        processing.registerListenerInvocationErrorHandler(LoyaltyProjection.GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
