package dev.brew.loyalty.web;

import dev.brew.contracts.order.OrderAccepted;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.OrderRejected;
import dev.brew.contracts.order.OrderStatus;
import dev.brew.contracts.order.OrderReward;
import dev.brew.loyalty.support.Api;
import dev.brew.loyalty.support.LoyaltyServiceTest;
import dev.brew.loyalty.support.OrderEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A member's card, and a reward used exactly once: concurrent reservations, return on cancel, redemption. */
@LoyaltyServiceTest
class RedemptionTest {

    @Autowired
    Api api;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void twelve_drinks_handed_over_earn_a_reward_the_member_sees_and_nobody_else_does() {
        String memberId = "member-" + UUID.randomUUID();
        String token = Api.member(memberId);
        try (OrderEvents topic = new OrderEvents()) {
            topic.completed(memberId, Instant.now(), OrderEvents.drink("CAFE_LATTE", 5))
                    .completed(memberId, Instant.now(), OrderEvents.drink("AMERICANO", 6));
            String cancelled = OrderEvents.newOrderId();
            topic.send(cancelled, 0, OrderEvents.placed(cancelled, memberId, Instant.now(),
                    OrderEvents.drink("AMERICANO", 9))).cancelled(cancelled);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/loyalty/me", token).json()
                .get("stamps").asLong() == 11);
        assertThat(api.get("/api/loyalty/me", token).json().get("rewards")).isEmpty();

        try (OrderEvents topic = new OrderEvents()) {
            topic.completed(memberId, Instant.now(), OrderEvents.drink("COLD_BREW", 1));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/loyalty/me", token).json()
                .get("rewards").size() == 1);
        var card = api.get("/api/loyalty/me", token).json();
        assertThat(card.get("stamps").asLong()).isEqualTo(12);
        assertThat(card.get("progress").asInt()).isZero();
        assertThat(card.get("rewards").get(0).get("state").asText()).isEqualTo("AVAILABLE");
        assertThat(card.get("rewards").get(0).get("announced").asBoolean()).as("earned just now: news").isTrue();

        Api.Response someoneElse = api.get("/api/loyalty/me", Api.member("member-" + UUID.randomUUID()));
        assertThat(someoneElse.json().get("stamps").asLong()).isZero();
        assertThat(someoneElse.json().get("rewards")).isEmpty();
        assertThat(api.get("/api/loyalty/me", null).status()).isEqualTo(401);
        assertThat(api.get("/api/loyalty/me", Api.barista("b-1")).status()).isEqualTo(403);
    }

    @Test
    void of_twenty_concurrent_orders_exactly_one_gets_the_reward() throws Exception {
        String memberId = "member-" + UUID.randomUUID();
        String token = Api.member(memberId);
        String rewardId = earnOneReward(memberId, token);

        int callers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Api.Response>> answers = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String orderId = UUID.randomUUID().toString();
            answers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return api.reserve(token, rewardId, orderId);
            }, pool));
        }
        go.countDown();
        List<Integer> statuses = answers.stream().map(CompletableFuture::join).map(Api.Response::status).toList();
        pool.shutdown();

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(1);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(callers - 1);
        Api.Response refused = answers.stream().map(CompletableFuture::join).filter(r -> r.status() == 409)
                .findFirst().orElseThrow();
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("rewardId");
    }

    @Test
    void a_cancelled_order_gives_its_reward_back_and_a_handed_over_one_uses_it_up() {
        String memberId = "member-" + UUID.randomUUID();
        String token = Api.member(memberId);
        String rewardId = earnOneReward(memberId, token);

        String first = UUID.randomUUID().toString();
        assertThat(api.reserve(token, rewardId, first).status()).isEqualTo(200);
        assertThat(api.reserve(token, rewardId, first).status()).as("the same order again: a retry").isEqualTo(200);
        try (OrderEvents topic = new OrderEvents()) {
            topic.send(first, 0, OrderEvents.placed(first, memberId, Instant.now(), new OrderReward(rewardId, 5000),
                    OrderEvents.drink("CAFE_LATTE", 1))).cancelled(first);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(rewardState(token, rewardId)));

        String second = UUID.randomUUID().toString();
        assertThat(api.reserve(token, rewardId, second).status()).isEqualTo(200);
        assertThat(rewardState(token, rewardId)).isEqualTo("RESERVED");
        try (OrderEvents topic = new OrderEvents()) {
            topic.send(second, 0, OrderEvents.placed(second, memberId, Instant.now(),
                            new OrderReward(rewardId, 5000), OrderEvents.drink("CAFE_LATTE", 2)))
                    .send(second, 1, new OrderCompleted(second, "barista", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/loyalty/me", token).json()
                .get("redeemed").asInt() == 1);
        var card = api.get("/api/loyalty/me", token).json();
        assertThat(card.get("rewards")).isEmpty();
        // 12 earned, then one paid drink of the two in the redeeming order.
        assertThat(card.get("stamps").asLong()).isEqualTo(13);
        assertThat(api.reserve(token, rewardId, UUID.randomUUID().toString()).status()).isEqualTo(409);
    }

    @Test
    void a_hold_whose_order_was_never_placed_comes_back_at_once_but_one_backed_by_its_order_does_not() {
        String memberId = "member-" + UUID.randomUUID();
        String token = Api.member(memberId);
        String rewardId = earnOneReward(memberId, token);
        double releasedBefore = api.metric("brew_loyalty_rewards_released_total");

        String failed = UUID.randomUUID().toString();
        Api.Response held = api.reserve(token, rewardId, failed);
        assertThat(held.status()).isEqualTo(200);
        assertThat(held.json().get("repeat").asBoolean()).as("a new hold").isFalse();
        assertThat(api.reserve(token, rewardId, failed).json().get("repeat").asBoolean()).as("asked again").isTrue();
        Api.Response someoneElse = api.release(Api.member("member-" + UUID.randomUUID()), rewardId, failed);
        assertThat(someoneElse.status()).isEqualTo(204);
        assertThat(rewardState(token, rewardId)).as("another member cannot give it back").isEqualTo("RESERVED");

        assertThat(api.release(token, rewardId, failed).status()).isEqualTo(204);
        assertThat(rewardState(token, rewardId)).as("back at once, not after the lapse").isEqualTo("AVAILABLE");
        assertThat(api.release(token, rewardId, failed).status()).as("again: nothing to do").isEqualTo(204);
        assertThat(api.metric("brew_loyalty_rewards_released_total")).isEqualTo(releasedBefore + 1);

        String placed = UUID.randomUUID().toString();
        assertThat(api.reserve(token, rewardId, placed).status()).isEqualTo(200);
        try (OrderEvents topic = new OrderEvents()) {
            topic.send(placed, 0, OrderEvents.placed(placed, memberId, Instant.now(), new OrderReward(rewardId, 5000),
                    OrderEvents.drink("CAFE_LATTE", 1)));
        }
        // Once loyalty-service has read the OrderPlaced, the hold is the order's: a late release leaves it.
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "select order_placed from reward where reward_id = ?", Boolean.class, rewardId)));
        assertThat(api.release(token, rewardId, placed).status()).isEqualTo(204);
        assertThat(rewardState(token, rewardId)).isEqualTo("RESERVED");
        assertThat(api.reserve(token, rewardId, UUID.randomUUID().toString()).status())
                .as("held by a placed order: a release does not free it").isEqualTo(409);
    }

    @Test
    void stamps_come_on_pick_up_and_a_rejected_or_expired_order_gives_its_reward_back() {
        String memberId = "member-" + UUID.randomUUID();
        String token = Api.member(memberId);
        String rewardId = earnOneReward(memberId, token);

        String rejected = UUID.randomUUID().toString();
        assertThat(api.reserve(token, rewardId, rejected).status()).isEqualTo(200);
        try (OrderEvents topic = new OrderEvents()) {
            topic.send(rejected, 0, OrderEvents.placed(rejected, memberId, Instant.now(),
                            new OrderReward(rewardId, 5000), OrderEvents.drink("CAFE_LATTE", 1)))
                    .send(rejected, 1, new OrderAccepted(rejected, "barista", Instant.now()))
                    .send(rejected, 2, new OrderRejected(rejected, "barista", "Out of milk", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(rewardState(token, rewardId)));

        String expired = UUID.randomUUID().toString();
        assertThat(api.reserve(token, rewardId, expired).status()).isEqualTo(200);
        try (OrderEvents topic = new OrderEvents()) {
            topic.send(expired, 0, OrderEvents.placed(expired, memberId, Instant.now(),
                            new OrderReward(rewardId, 5000), OrderEvents.drink("CAFE_LATTE", 1)))
                    .send(expired, 1, new OrderExpired(expired, OrderStatus.ORDERED, Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "AVAILABLE".equals(rewardState(token, rewardId)));
        assertThat(api.get("/api/loyalty/me", token).json().get("stamps").asLong()).as("none for either")
                .isEqualTo(12);

        // An order placed before drink options (revision 1 on the topic), then taken through the counter steps:
        // its two lattes earn two stamps when it is picked up, not before.
        String old = UUID.randomUUID().toString();
        try (OrderEvents topic = new OrderEvents()) {
            topic.placedRevision1(old, memberId, Instant.now(), 2)
                    .send(old, 1, new OrderAccepted(old, "barista", Instant.now()))
                    .send(old, 2, new OrderReady(old, "barista", Instant.now()))
                    .send(old, 3, new OrderPickedUp(old, "barista", Instant.now()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/loyalty/me", token).json()
                .get("stamps").asLong() == 14);
    }

    @Test
    void stamps_rewards_and_the_consumer_lag_are_metrics() {
        String memberId = "member-" + UUID.randomUUID();
        earnOneReward(memberId, Api.member(memberId));

        await().atMost(Duration.ofSeconds(30)).until(() -> api.metric("brew_kafka_consumer_lag_records",
                "processor=\"loyalty\"") == 0 && api.scrape().contains("brew_kafka_consumer_lag_records{"));
        assertThat(api.metric("brew_loyalty_stamps_awarded_total")).isGreaterThanOrEqualTo(12);
        assertThat(api.metric("brew_loyalty_rewards_issued_total")).isGreaterThanOrEqualTo(1);
        assertThat(api.scrape()).contains("brew_loyalty_rewards_redeemed_total", "brew_loyalty_rewards_returned_total");
    }

    @Test
    void another_members_reward_is_unknown_to_them() {
        String owner = "member-" + UUID.randomUUID();
        String rewardId = earnOneReward(owner, Api.member(owner));

        Api.Response response = api.reserve(Api.member("member-" + UUID.randomUUID()), rewardId,
                UUID.randomUUID().toString());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("field").asText()).isEqualTo("rewardId");
        assertThat(rewardState(Api.member(owner), rewardId)).isEqualTo("AVAILABLE");
    }

    @Test
    void a_reservation_without_an_order_id_is_refused_naming_the_field() {
        Api.Response response = api.send("POST", "/api/loyalty/rewards/r-1/reservations",
                Api.member("member-" + UUID.randomUUID()), "application/json", "{\"orderId\":\"\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("orderId");
    }

    String earnOneReward(String memberId, String token) {
        try (OrderEvents topic = new OrderEvents()) {
            topic.completed(memberId, Instant.now(), OrderEvents.drink("CAFE_LATTE", 12));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/loyalty/me", token).json()
                .get("rewards").size() == 1);
        return api.get("/api/loyalty/me", token).json().get("rewards").get(0).get("rewardId").asText();
    }

    String rewardState(String token, String rewardId) {
        for (var reward : api.get("/api/loyalty/me", token).json().get("rewards")) {
            if (reward.get("rewardId").asText().equals(rewardId)) {
                return reward.get("state").asText();
            }
        }
        return "NONE";
    }
}
