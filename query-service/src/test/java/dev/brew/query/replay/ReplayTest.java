package dev.brew.query.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoDatabase;
import dev.brew.query.projection.OrderDocuments;
import dev.brew.query.projection.ViewVersions;
import dev.brew.query.model.OrderView;
import dev.brew.query.support.Api;
import dev.brew.query.support.OrderEvents;
import dev.brew.query.support.OrderEvents.Sequenced;
import dev.brew.query.support.QueryServiceTest;
import dev.brew.testing.SharedServers;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Rebuilding the order-status view from the topic while the live view keeps answering. */
@QueryServiceTest
class ReplayTest {

    static final Duration WAIT = Duration.ofSeconds(120);

    @Autowired
    Api api;
    @Autowired
    OrderEvents events;
    @Autowired
    ViewVersions versions;
    @Autowired
    MongoDatabase database;

    final String operator = Api.operator("op-" + UUID.randomUUID());
    final String barista = Api.barista("b-" + UUID.randomUUID());

    @Test
    void a_replay_of_ten_thousand_events_rebuilds_an_equal_view_with_no_downtime() throws Exception {
        // 10,000 events: 5,000 orders placed, 2,500 completed, 2,500 cancelled.
        String member = "member-" + UUID.randomUUID();
        List<Sequenced> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String id = OrderEvents.newOrderId();
            ids.add(id);
            batch.add(new Sequenced(0, OrderEvents.placed(id, member, Instant.now())));
            batch.add(new Sequenced(1, i % 2 == 0 ? OrderEvents.completed(id) : OrderEvents.cancelled(id)));
        }
        events.publishAll(batch);
        String probe = events.place("member-probe-" + UUID.randomUUID());
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + probe, barista).status() == 200);
        await().atMost(WAIT).until(() -> activeView().size() >= 5_001
                && activeView().get(ids.get(ids.size() - 1)).lastSequence() == 1);
        Map<String, OrderView> before = activeView();
        int versionBefore = versions.refresh().active();

        // Queries keep answering, and events keep arriving, for as long as the replay runs.
        AtomicBoolean replaying = new AtomicBoolean(true);
        List<Integer> queryStatuses = new CopyOnWriteArrayList<>();
        List<String> arrivedDuring = new CopyOnWriteArrayList<>();
        Thread traffic = new Thread(() -> {
            while (replaying.get()) {
                queryStatuses.add(api.get("/api/orders/" + probe, barista).status());
                queryStatuses.add(api.get("/api/orders/mine?size=5", Api.member(member)).status());
                arrivedDuring.add(events.place("member-during-" + UUID.randomUUID()));
                // Paced like screens and customers, not a busy loop competing with the replay for 2 cores.
                LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
            }
        });

        long started = System.nanoTime();
        Api.Response accepted = api.post("/api/admin/replays", operator);
        traffic.start();
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asText();
        assertThat(accepted.json().get("state").asText()).isEqualTo("RUNNING");

        Api.Response second = api.post("/api/admin/replays", operator);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.json().get("code").asText()).isEqualTo("replay-running");
        assertThat(second.json().get("detail").asText())
                .isEqualTo("A replay is already running; wait for it to finish");
        assertThat(second.json().get("runningReplayId").asText()).isEqualTo(id);

        List<Integer> percents = new ArrayList<>();
        JsonNode done = await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = api.get("/api/admin/replays/" + id, operator).json();
            percents.add(status.get("percent").asInt());
            return status;
        }, status -> !"RUNNING".equals(status.get("state").asText()));
        double seconds = (System.nanoTime() - started) / 1e9;
        replaying.set(false);
        traffic.join();

        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("percent").asInt()).isEqualTo(100);
        assertThat(done.get("processed").asLong()).isEqualTo(done.get("total").asLong());
        assertThat(done.get("total").asLong()).isGreaterThanOrEqualTo(10_001);
        assertThat(percents).isSorted();
        assertThat(percents.get(0)).isLessThan(100);
        // The replay's gauges: the topic's size when it started, all of it written, nothing running any more.
        assertThat(api.metric("brew_replay_size_records")).isEqualTo(done.get("total").asDouble());
        assertThat(api.metric("brew_replay_processed_records")).isEqualTo(done.get("total").asDouble());
        await().atMost(WAIT).until(() -> api.metric("brew_replay_running") == 0);
        System.out.printf("Replay of %d records took %.2f s: %.0f records/s (with queries and live events)%n",
                done.get("total").asLong(), seconds, done.get("total").asLong() / seconds);

        assertThat(queryStatuses).isNotEmpty().containsOnly(200);
        assertThat(versions.refresh().active()).isGreaterThan(versionBefore);

        // Nothing that arrived during the replay or the swap is missing from the rebuilt view.
        await().atMost(WAIT).untilAsserted(() -> assertThat(activeView()).containsKeys(arrivedDuring.toArray(String[]::new)));
        // The rebuilt view equals the live one it replaced.
        Map<String, OrderView> after = activeView();
        before.forEach((orderId, view) -> assertThat(after.get(orderId)).isEqualTo(view));
        // The old version is dropped after its grace period.
        await().atMost(WAIT).until(() -> !database.listCollectionNames().into(new ArrayList<>())
                .contains(ViewVersions.COLLECTION_PREFIX + versionBefore));
        // And the live projection writes into the new version.
        String later = events.place(member);
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + later, barista).status() == 200);
    }

    @Test
    void a_replay_that_fails_leaves_the_live_view_untouched() {
        String member = "member-" + UUID.randomUUID();
        String orderId = events.place(member);
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + orderId, barista).status() == 200);
        ViewVersions.Pointer before = versions.refresh();
        JsonNode viewBefore = api.get("/api/orders/" + orderId, barista).json();

        SharedServers.kafka().stop();
        try {
            Api.Response accepted = api.post("/api/admin/replays", operator);
            assertThat(accepted.status()).isEqualTo(202);
            String id = accepted.json().get("id").asText();

            JsonNode failed = await().atMost(WAIT).until(() -> api.get("/api/admin/replays/" + id, operator).json(),
                    status -> !"RUNNING".equals(status.get("state").asText()));
            assertThat(failed.get("state").asText()).isEqualTo("FAILED");
            assertThat(versions.refresh().active()).isEqualTo(before.active());
            assertThat(versions.current().building()).isNull();
            assertThat(api.get("/api/orders/" + orderId, barista).json()).isEqualTo(viewBefore);
        } finally {
            SharedServers.kafka().start();
        }
        // Nothing stays locked: the live projection goes on, and the next replay may start.
        String after = events.place(member);
        await().atMost(WAIT).until(() -> api.get("/api/orders/" + after, barista).status() == 200);
        Api.Response unknown = api.get("/api/admin/replays/" + UUID.randomUUID(), operator);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("code").asText()).isEqualTo("replay-not-found");
        assertThat(unknown.json().get("detail").asText()).isEqualTo("There is no such replay");
    }

    @Test
    void a_replay_finishes_when_a_resent_record_carries_an_older_timestamp() {
        String member = "member-" + UUID.randomUUID();
        String orderId = OrderEvents.newOrderId();
        var placed = OrderEvents.placed(orderId, member, Instant.now());
        events.publish(0, placed);
        events.publish(1, OrderEvents.completed(orderId));
        events.resend(0, placed, Instant.now().minus(Duration.ofHours(1)));
        await().atMost(WAIT).until(() -> "PICKED_UP".equals(api.get("/api/orders/" + orderId, barista).json()
                .path("status").asText()));

        Api.Response accepted = api.post("/api/admin/replays", operator);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String id = accepted.json().get("id").asText();

        JsonNode done = await().atMost(WAIT).until(() -> api.get("/api/admin/replays/" + id, operator).json(),
                status -> !"RUNNING".equals(status.get("state").asText()));
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.get("percent").asInt()).isEqualTo(100);
        assertThat(api.get("/api/orders/" + orderId, barista).json().path("status").asText()).isEqualTo("PICKED_UP");
    }

    @Test
    void only_operators_may_replay() {
        assertThat(api.post("/api/admin/replays", barista).status()).isEqualTo(403);
        assertThat(api.post("/api/admin/replays", Api.member("m")).status()).isEqualTo(403);
        assertThat(api.post("/api/admin/replays", null).status()).isEqualTo(401);
    }

    private Map<String, OrderView> activeView() {
        Map<String, OrderView> views = new HashMap<>();
        for (Document document : versions.collection(versions.refresh().active()).find()) {
            OrderView view = OrderDocuments.toView(document);
            views.put(view.orderId(), view);
        }
        return views;
    }
}
