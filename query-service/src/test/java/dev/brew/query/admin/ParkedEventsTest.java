package dev.brew.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.QueryServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event the projection cannot handle is parked with the rest of its order's events, while every other order
 * keeps flowing; operators see it (metric, listing) and may retry it (ADR 0112); a replay goes past it (ADR 0113).
 */
@QueryServiceTest
class ParkedEventsTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String PARKED = "brew_projection_parked";

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;

    final String operator = Api.operator("op-" + UUID.randomUUID());
    final String barista = Api.barista("b-" + UUID.randomUUID());

    @Test
    void a_poison_event_parks_only_its_order_and_the_others_keep_flowing() {
        String member = "member-" + UUID.randomUUID();
        String poisoned = events.place(member);
        awaitStatus(poisoned, "ORDERED");
        double parkedBefore = api.metric(PARKED);

        // An OrderCompleted without its time: the projection cannot build the order's new state from it.
        events.publish(1, new OrderCompleted(poisoned, "barista-1", null));
        events.publish(2, OrderEvents.cancelled(poisoned));
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            others.add(events.place(member));
        }

        others.forEach(orderId -> awaitStatus(orderId, "ORDERED"));
        await().atMost(WAIT).until(() -> api.metric(PARKED) == parkedBefore + 2);
        assertThat(status(poisoned)).as("the order's later event waits behind the parked one").isEqualTo("ORDERED");

        JsonNode listing = api.get("/api/admin/parked-events", operator).json();
        List<JsonNode> mine = new ArrayList<>();
        listing.get("events").forEach(e -> {
            if (poisoned.equals(e.get("orderId").asText())) {
                mine.add(e);
            }
        });
        assertThat(mine).extracting(e -> e.get("sequence").asLong() + ":" + e.get("eventType").asText())
                .containsExactly("1:OrderCompleted", "2:OrderCancelled");
        assertThat(mine.get(0).get("cause").asText()).isNotBlank();
        assertThat(listing.get("count").asLong()).isGreaterThanOrEqualTo(2);

        // A retry hands the events to the projection again: still poison, so both stay parked, in their order.
        Api.Response retried = api.post("/api/admin/parked-events/retry?orderId=" + poisoned, operator);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("ordersReleased").asInt()).isZero();
        assertThat(api.metric(PARKED)).isEqualTo(parkedBefore + 2);
        assertThat(status(poisoned)).isEqualTo("ORDERED");

        // The order's next events park behind them too; other orders still flow.
        events.publish(3, OrderEvents.completed(poisoned));
        String later = events.place(member);
        awaitStatus(later, "ORDERED");
        await().atMost(WAIT).until(() -> api.metric(PARKED) == parkedBefore + 3);

        // A replay is not stopped by the poison event, and keeps the parked order's events out, in their order.
        Api.Response replay = api.post("/api/admin/replays", operator);
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        String replayId = replay.json().get("id").asText();
        JsonNode done = await().atMost(Duration.ofSeconds(180)).until(
                () -> api.get("/api/admin/replays/" + replayId, operator).json(),
                s -> !"RUNNING".equals(s.get("state").asText()));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(status(poisoned)).as("the rebuilt view leaves the parked events out").isEqualTo("ORDERED");
        others.forEach(orderId -> assertThat(status(orderId)).isEqualTo("ORDERED"));
        assertThat(status(later)).isEqualTo("ORDERED");
        assertThat(api.metric(PARKED)).as("nothing parked twice").isEqualTo(parkedBefore + 3);
    }

    @Test
    void only_operators_see_and_retry_parked_events() {
        assertThat(api.get("/api/admin/parked-events", barista).status()).isEqualTo(403);
        assertThat(api.post("/api/admin/parked-events/retry", barista).status()).isEqualTo(403);
        assertThat(api.get("/api/admin/parked-events", null).status()).isEqualTo(401);
        assertThat(api.get("/api/admin/parked-events", operator).status()).isEqualTo(200);
    }

    private void awaitStatus(String orderId, String status) {
        await().atMost(WAIT).until(() -> status.equals(status(orderId)));
    }

    private String status(String orderId) {
        Api.Response response = api.get("/api/orders/" + orderId, barista);
        return response.status() == 200 ? response.json().get("status").asText() : null;
    }
}
