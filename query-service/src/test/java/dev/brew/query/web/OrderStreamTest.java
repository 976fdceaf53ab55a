package dev.brew.query.web;

import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.QueryServiceTest;
import dev.brew.query.support.SseClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live order changes over Server-Sent Events: who sees what, heartbeats, and resuming after a reconnect. */
@QueryServiceTest
class OrderStreamTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;

    @Test
    void a_barista_gets_every_change_a_member_only_their_own() {
        String member = "member-" + UUID.randomUUID();
        String other = "member-" + UUID.randomUUID();
        try (SseClient barista = SseClient.connect(api.port(), Api.barista("b-" + UUID.randomUUID()));
             SseClient mine = SseClient.connect(api.port(), Api.member(member))) {
            await().atMost(WAIT).until(() -> !barista.events("snapshot").isEmpty() && !mine.events("snapshot").isEmpty());
            assertThat(barista.status()).isEqualTo(200);

            String myOrder = events.place(member);
            String otherOrder = events.place(other);
            events.publish(1, OrderEvents.completed(myOrder));

            await().atMost(WAIT).until(() -> barista.orderEvents(myOrder).size() == 2
                    && barista.orderEvents(otherOrder).size() == 1);
            await().atMost(WAIT).until(() -> mine.orderEvents(myOrder).size() == 2);
            assertThat(mine.orderEvents(myOrder)).extracting(e -> e.json().get("status").asText())
                    .containsExactly("ORDERED", "PICKED_UP");
            // The other member's order never reaches this member (checked after the later change arrived).
            assertThat(mine.orderEvents(otherOrder)).isEmpty();
            assertThat(mine.events("order")).allSatisfy(e ->
                    assertThat(e.json().get("memberId").asText()).isEqualTo(member));
            // Every event has an id, increasing.
            List<Long> ids = new ArrayList<>();
            barista.events().forEach(e -> ids.add(Long.parseLong(e.id())));
            assertThat(ids).isSorted();
        }
    }

    @Test
    void a_new_connection_starts_with_a_snapshot_and_gets_heartbeats() {
        String member = "member-" + UUID.randomUUID();
        String orderId = events.place(member);
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + orderId, Api.member(member)).status() == 200);

        try (SseClient client = SseClient.connect(api.port(), Api.member(member))) {
            await().atMost(WAIT).until(() -> !client.events("snapshot").isEmpty());
            SseClient.Event snapshot = client.events("snapshot").get(0);
            assertThat(snapshot.id()).isNotBlank();
            assertThat(snapshot.json().get("orders")).hasSize(1);
            assertThat(snapshot.json().get("orders").get(0).get("orderId").asText()).isEqualTo(orderId);
            await().atMost(WAIT).until(() -> client.comments().contains("heartbeat"));
        }
    }

    @Test
    void a_client_that_reconnects_gets_what_it_missed() {
        String member = "member-" + UUID.randomUUID();
        String token = Api.member(member);
        String first;
        String lastEventId;
        try (SseClient client = SseClient.connect(api.port(), token)) {
            await().atMost(WAIT).until(() -> !client.events("snapshot").isEmpty());
            first = events.place(member);
            await().atMost(WAIT).until(() -> client.orderEvents(first).size() == 1);
            lastEventId = client.lastEventId();
        }

        // While disconnected: the first order is completed, a second one placed.
        events.publish(1, OrderEvents.completed(first));
        String second = events.place(member);
        await().atMost(WAIT).until(() -> "PICKED_UP".equals(api.get("/api/orders/" + first, token).json()
                .path("status").asText()) && api.get("/api/orders/" + second, token).status() == 200);

        try (SseClient resumed = SseClient.resume(api.port(), token, lastEventId)) {
            await().atMost(WAIT).until(() -> resumed.orderEvents(first).size() == 1
                    && resumed.orderEvents(second).size() == 1);
            assertThat(resumed.events("snapshot")).isEmpty();
            assertThat(resumed.orderEvents(first).get(0).json().get("status").asText()).isEqualTo("PICKED_UP");
            assertThat(Long.parseLong(resumed.events().get(0).id())).isGreaterThan(Long.parseLong(lastEventId));

            // And it keeps receiving live changes after the catch-up.
            events.publish(1, OrderEvents.cancelled(second));
            await().atMost(WAIT).until(() -> resumed.orderEvents(second).size() == 2);
        }
    }

    @Test
    void a_client_that_missed_too_much_gets_a_snapshot_instead() {
        String member = "member-" + UUID.randomUUID();
        String token = Api.member(member);
        String orderId = events.place(member);
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + orderId, token).status() == 200);

        // An id older than anything the change log still holds.
        try (SseClient resumed = SseClient.resume(api.port(), token, "-5")) {
            await().atMost(WAIT).until(() -> !resumed.events("snapshot").isEmpty());
            assertThat(resumed.events("snapshot").get(0).json().get("orders").get(0).get("orderId").asText())
                    .isEqualTo(orderId);
        }
    }

    @Test
    void a_member_gets_a_few_streams_a_429_problem_beyond_and_a_closed_one_frees_its_place_before_a_heartbeat() {
        String token = Api.member("member-" + UUID.randomUUID());
        List<SseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                SseClient stream = SseClient.connect(api.port(), token);
                streams.add(stream);
                await().atMost(WAIT).until(() -> !stream.events("snapshot").isEmpty());
            }
            double refusedBefore = api.metric("brew_sse_refused_total");
            Api.Response refused = api.get("/api/orders/stream", token);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("title").asText()).isNotBlank();
            assertThat(refused.json().get("code").asText()).isEqualTo("too-many-streams");
            assertThat(refused.json().get("detail").asText())
                    .isEqualTo("You have too many live streams open; close one first");
            assertThat(api.metric("brew_sse_refused_total")).isEqualTo(refusedBefore + 1);
            // Another member is not affected.
            try (SseClient other = SseClient.connect(api.port(), Api.member("member-" + UUID.randomUUID()))) {
                await().atMost(WAIT).until(() -> !other.events("snapshot").isEmpty());
            }

            // A client leaves; its place is free at once, not at the next heartbeat (8 s in this profile).
            streams.remove(0).close();
            SseClient next = SseClient.connect(api.port(), token);
            streams.add(next);
            await().atMost(Duration.ofSeconds(4)).until(() -> next.status() != 0);
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.comments()).doesNotContain("heartbeat");
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    /** Not a timing assertion: prints the event-to-screen latency measured here, for the record. */
    @Test
    void event_to_screen_latency_is_reported() {
        String member = "member-" + UUID.randomUUID();
        try (SseClient barista = SseClient.connect(api.port(), Api.barista("b-" + UUID.randomUUID()))) {
            await().atMost(WAIT).until(() -> !barista.events("snapshot").isEmpty());
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long sent = System.nanoTime();
                String orderId = events.place(member);
                SseClient.Event received = await().atMost(WAIT).pollInterval(Duration.ofMillis(2))
                        .until(() -> barista.orderEvents(orderId).stream().findFirst().orElse(null), e -> e != null);
                latencies.add((received.receivedAt() - sent) / 1_000_000);
            }
            latencies.sort(Long::compare);
            System.out.printf("Event-to-SSE latency over %d events (publish ack included): p50 %d ms, p90 %d ms,"
                    + " max %d ms%n", latencies.size(), latencies.get(latencies.size() / 2),
                    latencies.get(latencies.size() * 9 / 10), latencies.get(latencies.size() - 1));
            assertThat(latencies).hasSize(50);
        }
    }
}
