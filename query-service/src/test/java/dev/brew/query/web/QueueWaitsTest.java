package dev.brew.query.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import dev.brew.contracts.order.OrderAccepted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReady;
import dev.brew.query.projection.PrepTimes;
import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.QueryServiceTest;
import dev.brew.query.support.SseClient;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's ORDERED order carries its queue position and estimated ready time (ADR 0903) on every path the customer
 * page reads: one order, their orders, and their stream; the estimate learns from recent accepted → ready times.
 */
@QueryServiceTest
class QueueWaitsTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final AtomicInteger NUMBERS = new AtomicInteger(900_000);

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;
    @Autowired
    MongoDatabase database;

    @Test
    void position_and_estimate_follow_the_queue_and_the_drinks_recent_times() {
        // A drink of its own, so other tests' orders leave its times alone; placed "tomorrow", so every other
        // test's open order is ahead of these and none placed later comes between them.
        String drink = "TEST_" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String member = "member-" + UUID.randomUUID();
        String token = Api.member(member);
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

        // One earlier order of two of it took 4 minutes from accepted to ready: 120 s a drink.
        String sample = place("member-" + UUID.randomUUID(), drink, 2, Instant.now());
        Instant acceptedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        events.publish(1, new OrderAccepted(sample, "barista-1", acceptedAt));
        events.publish(2, new OrderReady(sample, "barista-1", acceptedAt.plusSeconds(240)));
        // Delivered again, and handed over: still one sample.
        events.publish(2, new OrderReady(sample, "barista-1", acceptedAt.plusSeconds(240)));
        events.publish(3, new OrderPickedUp(sample, "barista-1", acceptedAt.plusSeconds(300)));
        await().atMost(WAIT).until(() -> "PICKED_UP".equals(api.get("/api/orders/" + sample, Api.barista("b"))
                .json().path("status").asText()));
        assertThat(samples(drink)).hasSize(1);
        assertThat(samples(drink).get(0).get("s", Number.class).doubleValue()).isEqualTo(120.0);

        String first = place(member, drink, 1, tomorrow);
        String second = place(member, drink, 3, tomorrow.plusSeconds(1));
        JsonNode one = awaitWait(second, token);
        JsonNode mine = await().atMost(WAIT).until(() -> api.get("/api/orders/mine", token).json().get("items"),
                items -> items.size() == 2 && items.findValues("queueWait").size() == 2);

        // Newest first: the second is right behind the first, and three drinks of 120 s after it.
        assertThat(mine.get(0).get("orderId").asText()).isEqualTo(second);
        JsonNode firstWait = mine.get(1).get("queueWait");
        JsonNode secondWait = mine.get(0).get("queueWait");
        assertThat(secondWait.get("position").asInt()).isEqualTo(firstWait.get("position").asInt() + 1);
        assertThat(Duration.between(Instant.parse(firstWait.get("estimatedReadyAt").asText()),
                Instant.parse(secondWait.get("estimatedReadyAt").asText()))).isEqualTo(Duration.ofSeconds(360));
        assertThat(secondWait.get("estimatedMinutes").asLong()).isGreaterThanOrEqualTo(8);
        assertThat(one.get("queueWait").get("position").asInt()).isPositive();
        // It is the customer's: a barista reading the order sees the queue itself, not an estimate.
        assertThat(api.get("/api/orders/" + second, Api.barista("barista-" + UUID.randomUUID())).json()
                .has("queueWait")).isFalse();

        // The member's stream carries it too.
        try (SseClient stream = SseClient.connect(api.port(), token)) {
            await().atMost(WAIT).until(() -> !stream.events("snapshot").isEmpty());
            JsonNode snapshot = stream.events("snapshot").get(0).json().get("orders");
            assertThat(snapshot.findValues("queueWait")).hasSize(2);

            // The first is accepted: the second moves up, and only an ORDERED order has a wait.
            events.publish(1, new OrderAccepted(first, "barista-1", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            await().atMost(WAIT).until(() -> stream.orderEvents(first).size() == 1);
            assertThat(stream.orderEvents(first).get(0).json().has("queueWait")).isFalse();
            JsonNode moved = api.get("/api/orders/" + second, token).json().get("queueWait");
            // Accepted orders still count ahead until ready; the estimate now counts the time it has had.
            assertThat(moved.get("position").asInt()).isEqualTo(secondWait.get("position").asInt());
            events.publish(2, new OrderReady(first, "barista-1", Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            await().atMost(WAIT).until(() -> api.get("/api/orders/" + second, token).json().get("queueWait")
                    .get("position").asInt() == secondWait.get("position").asInt() - 1);
        }
        assertThat(api.get("/api/orders/" + first, token).json().has("queueWait")).isFalse();
    }

    private String place(String member, String drink, int quantity, Instant placedAt) {
        String orderId = OrderEvents.newOrderId();
        events.publish(0, new OrderPlaced(orderId, NUMBERS.getAndIncrement(), member, "name-of-" + member,
                List.of(new OrderItem(drink, "Test drink", quantity, 5000)), 5000L * quantity,
                placedAt.truncatedTo(ChronoUnit.MILLIS)));
        return orderId;
    }

    private JsonNode awaitWait(String orderId, String token) {
        return await().atMost(WAIT).until(() -> {
            Api.Response response = api.get("/api/orders/" + orderId, token);
            return response.status() == 200 ? response.json() : null;
        }, order -> order != null && order.has("queueWait"));
    }

    private List<Document> samples(String drink) {
        Document document = database.getCollection(PrepTimes.COLLECTION).find(eq("_id", drink)).first();
        return document == null ? List.of() : document.getList("samples", Document.class);
    }
}
