package dev.brew.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.QueryServiceTest;
import dev.brew.query.support.SseClient;
import dev.brew.testing.SharedServers;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB down while orders keep arriving: the projection waits for it instead of failing (so Axon's back-off of up
 * to 60 s between retries never starts), readiness is DOWN meanwhile, and once MongoDB is back every order is in the
 * view and pushed once to the live screens.
 */
@QueryServiceTest
class MongoOutageTest {

    private static final String RETRIES = "brew_mongo_outage_retries_total";
    private static final String WAITING = "brew_mongo_outage_waiting";

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MongoDatabase database;

    final String barista = Api.barista("barista-" + UUID.randomUUID());

    @AfterEach
    void mongoBack() {
        SharedServers.mongo().start();
    }

    @Test
    void the_projection_waits_out_a_mongodb_outage_and_goes_on_when_it_is_back() {
        assumeThat(SharedServers.mongo().isReal()).as("a real MONGODB_URI cannot be stopped from here").isFalse();
        String member = "member-" + UUID.randomUUID();
        awaitOrder(events.place(member), "ORDERED");
        double retriesBefore = api.metric(RETRIES);
        double parkedBefore = api.metric("brew_projection_parked");
        SseClient screen = SseClient.connect(api.port(), barista);
        await().atMost(Duration.ofSeconds(30)).until(() -> !screen.events("snapshot").isEmpty());

        SharedServers.mongo().stop();
        List<String> placedDuringOutage = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            placedDuringOutage.add(events.place(member));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> api.metric(RETRIES) >= retriesBefore + 3);
        assertThat(api.metric(WAITING)).as("threads waiting for MongoDB").isPositive();
        assertThat(api.get("/actuator/health/readiness", null).status()).isEqualTo(503);
        TrackingEventProcessor processor = processing
                .eventProcessor(OrderStatusProjection.PROCESSING_GROUP, TrackingEventProcessor.class).orElseThrow();
        assertThat(processor.isError()).as("the processor is waiting, not failed").isFalse();
        assertThat(processor.processingStatus().values()).noneMatch(EventTrackerStatus::isErrorState);

        SharedServers.mongo().start();

        for (String orderId : placedDuringOutage) {
            awaitOrder(orderId, "ORDERED");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> api.metric(WAITING) == 0);
        assertThat(api.metric("brew_projection_parked")).as("an outage parks nothing (ADR 0104, 0112)")
                .isEqualTo(parkedBefore);
        assertThat(processor.isError()).isFalse();
        try (screen) {
            await().atMost(Duration.ofSeconds(30)).until(() -> placedDuringOutage.stream()
                    .allMatch(orderId -> !screen.orderEvents(orderId).isEmpty()));
            for (String orderId : placedDuringOutage) {
                assertThat(screen.orderEvents(orderId)).as("pushes of %s", orderId).hasSize(1);
            }
        }
    }

    private JsonNode awaitOrder(String orderId, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response response = api.get("/api/orders/" + orderId, barista);
            return response.status() == 200 ? response.json() : null;
        }, order -> order != null && status.equals(order.get("status").asText()));
    }
}
