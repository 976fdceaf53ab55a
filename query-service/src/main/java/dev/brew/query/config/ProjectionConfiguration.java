package dev.brew.query.config;

import dev.brew.query.QueryProperties;
import com.mongodb.client.MongoClient;
import dev.brew.query.admin.ParkedEvents;
import dev.brew.query.projection.MongoOutageRetry;
import dev.brew.query.projection.OrderStatusProjection;
import dev.brew.query.projection.ViewVersions;
import dev.brew.query.replay.ReplayService;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.deadletter.MongoSequencedDeadLetterQueue;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.messaging.StreamableMessageSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;

/**
 * The live projection is a tracking processor on the Kafka extension's streamable source: it assigns all partitions
 * itself (no consumer group) and keeps its position only in the MongoDB token store. It scales by segments: each
 * instance claims some of them, and a segment of a stopped instance is taken over by another. Its topic is created
 * before the processors start, if missing, by service-defaults from {@code brew.kafka.topics} (ADR 0010): the source
 * assigns only the partitions that exist when it opens its stream, so a query-service started before command-service
 * would otherwise read nothing until it restarts.
 */
@Configuration(proxyBeanMethods = false)
class ProjectionConfiguration {

    @Autowired
    @SuppressWarnings("unchecked")
    void orderStatusProcessor(EventProcessingConfigurer processing, QueryProperties properties,
                              OrderStatusProjection projection, MongoClient client, MongoProperties mongo,
                              ViewVersions versions, MongoOutageRetry retry, ReplayService replays,
                              @Qualifier("streamableKafkaMessageSource") StreamableMessageSource<?> source) {
        QueryProperties.Projection settings = properties.projection();
        processing.registerTrackingEventProcessor(OrderStatusProjection.PROCESSING_GROUP,
                configuration -> (StreamableMessageSource<TrackedEventMessage<?>>) source,
                configuration -> TrackingEventProcessorConfiguration
                        .forParallelProcessing(settings.threads())
                        .andInitialSegmentsCount(settings.segments())
                        .andBatchSize(settings.batchSize())
                        // A first start reads the topic from its first record. Axon's default (a replay token at
                        // the head) would mark all of them as replayed.
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken));
        // Each batch is written when its last event is handled, before the processor stores its token.
        processing.registerHandlerInterceptor(OrderStatusProjection.PROCESSING_GROUP,
                configuration -> projection.flushingInterceptor());
        // A failed write must stop the processor and be retried, never skipped (the default only logs).
        processing.registerListenerInvocationErrorHandler(OrderStatusProjection.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
        // An event the projection cannot handle parks its order's sequence, not the processor (ADR 0112). The cache
        // spares a MongoDB round trip per event while nothing is parked.
        processing.registerDeadLetterQueue(OrderStatusProjection.PROCESSING_GROUP,
                configuration -> MongoSequencedDeadLetterQueue.builder()
                        .processingGroup(OrderStatusProjection.PROCESSING_GROUP)
                        .mongoTemplate(DefaultMongoTemplate.builder()
                                .mongoDatabase(client, mongo.getMongoClientDatabase()).build())
                        .serializer(configuration.eventSerializer())
                        .build());
        processing.registerDeadLetterPolicy(OrderStatusProjection.PROCESSING_GROUP,
                configuration -> ParkedEvents.POLICY);
        processing.registerDeadLetteringEventHandlerInvokerConfiguration(OrderStatusProjection.PROCESSING_GROUP,
                (configuration, invoker) -> invoker.enableSequenceIdentifierCache());

        // The replay (ADR 0113): an ordinary processing group with the same handlers and batching, writing only into
        // the version being rebuilt. Not started with the application: a replay starts it from a fresh token.
        OrderStatusProjection rebuilding = OrderStatusProjection.rebuilding(versions, retry, replays);
        String replay = OrderStatusProjection.REPLAY_GROUP;
        processing.registerEventHandler(configuration -> rebuilding)
                .assignHandlerInstancesMatching(replay, handler -> handler == rebuilding)
                .registerTrackingEventProcessor(replay,
                        configuration -> (StreamableMessageSource<TrackedEventMessage<?>>) source,
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(properties.replay().batchSize())
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                                .andAutoStart(false))
                .registerHandlerInterceptor(replay, configuration -> rebuilding.flushingInterceptor())
                // An event the replay cannot handle is parked with the live projection's (its retry writes the active
                // view, which the rebuilt one becomes); the replay goes on.
                .registerListenerInvocationErrorHandler(replay, configuration -> (exception, event, handler) -> {
                    ParkedEvents.park(configuration, event, exception);
                    if (event instanceof DomainEventMessage<?> domain) {
                        replays.parkedDuringReplay(domain.getAggregateIdentifier(), domain.getSequenceNumber());
                    }
                });
    }
}
