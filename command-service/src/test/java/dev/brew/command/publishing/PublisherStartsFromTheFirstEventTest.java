package dev.brew.command.publishing;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.OrderEventsTopicReader;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events stored while the publisher has no token yet (a first deployment onto an existing store, a deleted token
 * row) are published, not skipped: Axon's default initial token would treat them as a replay the Kafka publisher
 * ignores.
 */
@CommandServiceTest
@Order(Integer.MAX_VALUE - 1)
class PublisherStartsFromTheFirstEventTest {

    @Autowired
    Api api;
    @Autowired
    OrderEventsTopicReader topic;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void events_stored_before_the_publisher_has_a_token_are_published() {
        TrackingEventProcessor publisher = processing
                .eventProcessor(KafkaEventPublisher.DEFAULT_PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        publisher.shutDown();
        jdbc.update("delete from token_entry where processor_name = ?", KafkaEventPublisher.DEFAULT_PROCESSING_GROUP);

        String token = Api.member("member-" + UUID.randomUUID());
        List<String> orders = List.of(api.placeLattes(token, 1), api.placeLattes(token, 2), api.placeLattes(token, 3));
        assertThat(orders).allSatisfy(id -> assertThat(topic.recordsFor(id)).isEmpty());

        publisher.start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(orders).allSatisfy(id -> assertThat(topic.recordsFor(id)).isNotEmpty()));
    }
}
