package dev.brew.query.web;

import dev.brew.query.QueryServiceApplication;
import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.QueryServiceTest;
import dev.brew.query.support.SseClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import dev.brew.query.projection.OrderStatusProjection;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of query-service on one Kafka topic and one MongoDB: the projection's single segment is claimed by
 * one of them, yet screens connected to either see every change, and both answer queries.
 */
@QueryServiceTest
class TwoInstancesTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static ConfigurableApplicationContext second;

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;
    @Autowired
    EventProcessingConfiguration processing;

    @BeforeAll
    static void startSecondInstance() {
        // Command-line arguments, because builder properties are only defaults that application.yml overrides.
        second = new SpringApplicationBuilder(QueryServiceApplication.class)
                .run("--server.port=0", "--spring.profiles.active=test");
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    int secondPort() {
        return Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void a_change_reaches_screens_on_both_instances() {
        String member = "member-" + UUID.randomUUID();
        String baristaToken = Api.barista("b-" + UUID.randomUUID());
        try (SseClient onFirst = SseClient.connect(api.port(), baristaToken);
             SseClient onSecond = SseClient.connect(secondPort(), baristaToken);
             SseClient memberOnSecond = SseClient.connect(secondPort(), Api.member(member))) {
            await().atMost(WAIT).until(() -> !onFirst.events("snapshot").isEmpty()
                    && !onSecond.events("snapshot").isEmpty() && !memberOnSecond.events("snapshot").isEmpty());

            String orderId = events.place(member);
            events.publish(1, OrderEvents.completed(orderId));

            await().atMost(WAIT).until(() -> onFirst.orderEvents(orderId).size() == 2
                    && onSecond.orderEvents(orderId).size() == 2 && memberOnSecond.orderEvents(orderId).size() == 2);
            // The same change has the same id everywhere, so a client may resume on either instance.
            assertThat(onSecond.orderEvents(orderId)).extracting(SseClient.Event::id)
                    .isEqualTo(onFirst.orderEvents(orderId).stream().map(SseClient.Event::id).toList());
            assertThat(new Api(second.getEnvironment()).get("/api/orders/" + orderId, Api.member(member)).json()
                    .get("status").asText()).isEqualTo("PICKED_UP");
        }
    }

    @Test
    void a_client_resumes_on_the_other_instance() {
        String member = "member-" + UUID.randomUUID();
        String token = Api.member(member);
        String lastEventId;
        String first;
        try (SseClient client = SseClient.connect(api.port(), token)) {
            await().atMost(WAIT).until(() -> !client.events("snapshot").isEmpty());
            first = events.place(member);
            await().atMost(WAIT).until(() -> client.orderEvents(first).size() == 1);
            lastEventId = client.lastEventId();
        }
        events.publish(1, OrderEvents.cancelled(first));
        await().atMost(WAIT).until(() -> "CANCELLED".equals(api.get("/api/orders/" + first, token).json()
                .path("status").asText()));

        try (SseClient resumed = SseClient.resume(secondPort(), token, lastEventId)) {
            await().atMost(WAIT).until(() -> resumed.orderEvents(first).size() == 1);
            assertThat(resumed.events("snapshot")).isEmpty();
            assertThat(resumed.orderEvents(first).get(0).json().get("status").asText()).isEqualTo("CANCELLED");
        }
    }

    /**
     * The rolling-redeploy case: the instance that owns the view writes and serves a barista's stream is stopped while
     * orders keep being placed and completed; the stream, resumed on another instance with {@code Last-Event-ID},
     * gets every completion as an order event (no snapshot), including those the stopping instance wrote last.
     */
    @Test
    void a_stream_resumed_after_the_writing_instance_stopped_misses_no_update() throws Exception {
        String baristaToken = Api.barista("b-" + UUID.randomUUID());
        ConfigurableApplicationContext third = new SpringApplicationBuilder(QueryServiceApplication.class)
                .run("--server.port=0", "--spring.profiles.active=test");
        try {
            // The third instance takes the projection's segment over: the others let it go for a while.
            List.of(processing, second.getBean(EventProcessingConfiguration.class)).forEach(p -> liveProcessor(p)
                    .releaseSegment(0, 15, TimeUnit.SECONDS));
            TrackingEventProcessor thirds = liveProcessor(third.getBean(EventProcessingConfiguration.class));
            await().atMost(WAIT).until(() -> thirds.processingStatus().containsKey(0));
            int thirdPort = Integer.parseInt(third.getEnvironment().getProperty("local.server.port"));

            Set<String> completed = ConcurrentHashMap.newKeySet();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicBoolean placing = new AtomicBoolean(true);
            String lastEventId;
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> {
                while (placing.get() && completed.size() < 300) {
                    String member = "member-" + UUID.randomUUID();
                    String orderId = events.place(member);
                    events.publish(1, OrderEvents.completed(orderId));
                    completed.add(orderId);
                }
            });
            try (SseClient onThird = SseClient.connect(thirdPort, baristaToken)) {
                await().atMost(WAIT).until(() -> !onThird.events("snapshot").isEmpty());
                await().atMost(WAIT).until(() -> completed.size() >= 5);
                // Stopped while orders keep coming: the batches it writes last must still be announced.
                third.close();
                await().atMost(WAIT).until(onThird::ended);
                seenCompletions(onThird, seen);
                lastEventId = onThird.lastEventId();
            }
            try (SseClient resumed = SseClient.resume(api.port(), baristaToken, lastEventId)) {
                await().atMost(WAIT).until(() -> completed.size() >= 10);
                placing.set(false);
                load.get(30, TimeUnit.SECONDS);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    seenCompletions(resumed, seen);
                    assertThat(seen).containsAll(completed);
                });
                assertThat(resumed.events("snapshot")).as("resumed from the change topic").isEmpty();
            }
        } finally {
            third.close();
            // The other tests need the projection running again: one of the two remaining instances claims it.
            await().atMost(Duration.ofSeconds(60)).until(() -> liveProcessor(processing).processingStatus()
                    .containsKey(0) || liveProcessor(second.getBean(EventProcessingConfiguration.class))
                    .processingStatus().containsKey(0));
        }
    }

    private static TrackingEventProcessor liveProcessor(EventProcessingConfiguration processing) {
        return processing.eventProcessor(OrderStatusProjection.PROCESSING_GROUP, TrackingEventProcessor.class)
                .orElseThrow();
    }

    private static void seenCompletions(SseClient client, Set<String> seen) {
        client.events("order").stream().map(SseClient.Event::json)
                .filter(order -> "PICKED_UP".equals(order.get("status").asText()))
                .forEach(order -> seen.add(order.get("orderId").asText()));
    }
}
