package dev.brew.query.web;

import com.fasterxml.jackson.databind.JsonNode;
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

/** Order events on the topic become the order-status view, and the queries answer by the authorization rules. */
@QueryServiceTest
class OrderQueriesTest {

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;

    final String barista = Api.barista("barista-" + UUID.randomUUID());

    @Test
    void an_order_on_the_topic_appears_in_the_view_with_everything_the_screens_show() {
        String member = "member-" + UUID.randomUUID();
        String orderId = events.place(member);

        JsonNode order = awaitOrder(orderId, Api.member(member), "ORDERED");
        assertThat(order.get("memberId").asText()).isEqualTo(member);
        assertThat(order.get("memberName").asText()).isEqualTo("name-of-" + member);
        assertThat(order.get("orderNumber").asInt()).isPositive();
        assertThat(order.get("total").asLong()).isEqualTo(14_500);
        assertThat(order.get("items")).hasSize(2);
        assertThat(order.get("items").get(0).get("menuCode").asText()).isEqualTo("CAFE_LATTE");
        assertThat(order.get("placedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        // The aggregate sequence number arrives with the Kafka record (a domain event message).
        assertThat(order.get("lastSequence").asLong()).isZero();

        events.publish(1, OrderEvents.completed(orderId));
        JsonNode done = awaitOrder(orderId, barista, "PICKED_UP");
        assertThat(done.get("lastSequence").asLong()).isEqualTo(1);
        assertThat(done.get("completedBy").asText()).isEqualTo("barista-1");
    }

    @Test
    void an_order_placed_of_revision_1_on_the_topic_is_read_through_the_upcaster_and_goes_on() {
        String member = "member-" + UUID.randomUUID();
        String orderId = OrderEvents.newOrderId();
        events.publishRevision1Placed(orderId, member, Instant.parse("2026-11-01T01:02:03Z"));
        events.publish(1, new dev.brew.contracts.order.OrderAccepted(orderId, "barista-1", Instant.now()));

        JsonNode order = awaitOrder(orderId, barista, "ACCEPTED");
        JsonNode line = order.get("items").get(0);
        assertThat(line.get("linePrice").asLong()).isEqualTo(10_000);
        assertThat(line.hasNonNull("options")).as("made as the menu made it then").isFalse();
        assertThat(order.get("total").asLong()).isEqualTo(10_000);
        // The barista's columns: an accepted order is open, in progress.
        assertThat(api.get("/api/orders/open?size=500", barista).json().get("items").findValuesAsText("orderId"))
                .contains(orderId);
        assertThat(api.get("/api/orders?status=ACCEPTED&size=100", barista).json().get("items")
                .findValuesAsText("orderId")).contains(orderId);
    }

    @Test
    void duplicates_and_stale_records_on_the_topic_change_nothing() {
        String member = "member-" + UUID.randomUUID();
        String orderId = OrderEvents.newOrderId();
        var placed = OrderEvents.placed(orderId, member, Instant.now());
        var cancel = OrderEvents.cancelled(orderId);
        events.publish(0, placed);
        events.publish(1, cancel);
        JsonNode cancelled = awaitOrder(orderId, barista, "CANCELLED");

        // The publisher is at-least-once: the same records again, and an old one after the newest.
        events.publish(0, placed);
        events.publish(1, cancel);
        events.publish(0, placed);
        String marker = events.place(member);
        awaitOrder(marker, barista, "ORDERED");

        assertThat(api.get("/api/orders/" + orderId, barista).json()).isEqualTo(cancelled);
    }

    @Test
    void the_barista_queue_holds_ordered_orders_oldest_first_in_pages() {
        String member = "member-" + UUID.randomUUID();
        // Placed long ago, so that they head the queue whatever other tests leave in it.
        Instant start = Instant.parse("2001-01-01T08:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = OrderEvents.newOrderId();
            ids.add(id);
            events.publish(0, OrderEvents.placed(id, member, start.plusSeconds(60L * (5 - i))));
        }
        events.publish(1, OrderEvents.completed(ids.get(2)));
        awaitOrder(ids.get(2), barista, "PICKED_UP");
        await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/api/orders/mine?size=100", Api.member(member)).json().get("items").size() == 5);

        JsonNode first = api.get("/api/orders?status=ORDERED&page=0&size=2", barista).json();
        JsonNode second = api.get("/api/orders?status=ORDERED&page=1&size=2", barista).json();
        // Oldest first: the last one published was placed first; the completed one has left the queue.
        assertThat(ids(first)).containsExactly(ids.get(4), ids.get(3));
        assertThat(ids(second)).containsExactly(ids.get(1), ids.get(0));
        assertThat(first.get("page").asInt()).isZero();
        assertThat(first.get("size").asInt()).isEqualTo(2);
        assertThat(first.get("total").asLong()).isGreaterThanOrEqualTo(4);

        JsonNode done = api.get("/api/orders?status=PICKED_UP&size=100", barista).json();
        assertThat(ids(done)).contains(ids.get(2));
    }

    @Test
    void my_orders_are_mine_only_newest_first() {
        String member = "member-" + UUID.randomUUID();
        String other = "member-" + UUID.randomUUID();
        Instant now = Instant.now();
        String older = OrderEvents.newOrderId();
        String newer = OrderEvents.newOrderId();
        events.publish(0, OrderEvents.placed(older, member, now.minusSeconds(30)));
        events.publish(0, OrderEvents.placed(newer, member, now));
        String notMine = events.place(other);
        awaitOrder(notMine, barista, "ORDERED");
        awaitOrder(newer, barista, "ORDERED");

        JsonNode mine = api.get("/api/orders/mine", Api.member(member)).json();
        assertThat(ids(mine)).containsExactly(newer, older);
        assertThat(mine.get("total").asLong()).isEqualTo(2);
    }

    @Test
    void one_order_is_shown_to_its_owner_and_baristas_only() {
        String owner = "member-" + UUID.randomUUID();
        String orderId = events.place(owner);
        awaitOrder(orderId, barista, "ORDERED");

        assertThat(api.get("/api/orders/" + orderId, Api.member(owner)).status()).isEqualTo(200);
        assertThat(api.get("/api/orders/" + orderId, barista).status()).isEqualTo(200);

        Api.Response stranger = api.get("/api/orders/" + orderId, Api.member("member-" + UUID.randomUUID()));
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.contentType()).startsWith("application/problem+json");
        assertThat(stranger.body()).doesNotContain(owner).doesNotContain("CAFE_LATTE");
        assertThat(stranger.json().get("code").asText()).isEqualTo("order-not-found");
        assertThat(stranger.json().get("detail").asText()).isEqualTo("There is no such order");
        assertThat(api.get("/api/orders/" + UUID.randomUUID(), barista).status()).isEqualTo(404);
        assertThat(api.get("/api/orders/" + orderId, Api.operator("op")).status()).isEqualTo(403);
    }

    @Test
    void calls_outside_ones_role_are_refused_with_problems() {
        String member = Api.member("member-" + UUID.randomUUID());
        assertThat(api.get("/api/orders?status=ORDERED", null).status()).isEqualTo(401);
        assertThat(api.get("/api/orders/mine", "not-a-token").status()).isEqualTo(401);
        assertThat(api.get("/api/orders?status=ORDERED", member).status()).isEqualTo(403);
        assertThat(api.get("/api/orders/mine", barista).status()).isEqualTo(403);
        assertThat(api.get("/api/orders/stream", Api.operator("op")).status()).isEqualTo(403);

        Api.Response badStatus = api.get("/api/orders?status=SHIPPED", barista);
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("field").asText()).isEqualTo("status");
        Api.Response badSize = api.get("/api/orders?status=ORDERED&size=1000", barista);
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.body()).contains("size");
    }

    private JsonNode awaitOrder(String orderId, String token, String status) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response response = api.get("/api/orders/" + orderId, token);
            return response.status() == 200 ? response.json() : null;
        }, order -> order != null && status.equals(order.get("status").asText()));
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("orderId").asText()));
        return ids;
    }
}
