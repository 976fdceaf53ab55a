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

import java.time.Duration;
import java.util.UUID;

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
            assertThat(Api.send(secondPort(), "GET", "/api/orders/" + orderId, Api.member(member)).json()
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
}
