package dev.brew.command.web;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.command.support.StubLoyaltyService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An order that applies a loyalty reward (ADR 0801): reserved first, priced with it, refused clearly otherwise. */
@CommandServiceTest
class RewardOrderTest {

    static final String LATTE = "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":2}]}";

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;

    static String withReward(String rewardId) {
        return "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":2}],\"rewardId\":\"" + rewardId + "\"}";
    }

    @Test
    void a_reserved_reward_takes_one_drink_off_and_the_event_says_which_reward() {
        String rewardId = "reward-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        Api.Response response = api.placeOrder(Api.member("member-" + UUID.randomUUID()), key, withReward(rewardId));

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        String orderId = response.json().get("orderId").asText();
        assertThat(StubLoyaltyService.heldBy(rewardId)).isEqualTo(orderId);
        String placed = eventStore.payload(orderId, 0);
        assertThat(placed).contains("\"total\":5000").contains("\"rewardId\":\"" + rewardId + "\"")
                .contains("\"discount\":5000");
    }

    @Test
    void a_reward_held_by_another_order_is_409_and_an_unknown_one_422_naming_the_field() {
        String member = Api.member("member-" + UUID.randomUUID());
        String rewardId = "reward-" + UUID.randomUUID();
        assertThat(api.placeOrder(member, UUID.randomUUID().toString(), withReward(rewardId)).status())
                .isEqualTo(202);

        Api.Response taken = api.placeOrder(member, UUID.randomUUID().toString(), withReward(rewardId));
        Api.Response unknown = api.placeOrder(member, UUID.randomUUID().toString(), withReward("unknown-1"));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("field").asText()).isEqualTo("rewardId");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("field").asText()).isEqualTo("rewardId");
    }

    @Test
    void an_order_refused_after_its_reward_was_held_gives_the_reward_back_at_once() {
        String member = Api.member("member-" + UUID.randomUUID());
        String rewardId = "reward-" + UUID.randomUUID();
        String notOnTheMenu = "{\"items\":[{\"menuCode\":\"NOT_ON_THE_MENU\",\"quantity\":1}],\"rewardId\":\""
                + rewardId + "\"}";

        Api.Response refused = api.placeOrder(member, UUID.randomUUID().toString(), notOnTheMenu);

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(StubLoyaltyService.heldBy(rewardId)).as("given back, not left to lapse").isNull();
        Api.Response next = api.placeOrder(member, UUID.randomUUID().toString(), withReward(rewardId));
        assertThat(next.status()).as(next.body()).isEqualTo(202);
        assertThat(StubLoyaltyService.heldBy(rewardId)).isEqualTo(next.json().get("orderId").asText());
    }

    @Test
    void a_refused_retry_of_a_placed_order_leaves_that_orders_reward_alone() {
        String member = Api.member("member-" + UUID.randomUUID());
        String rewardId = "reward-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Api.Response placed = api.placeOrder(member, key, withReward(rewardId));
        assertThat(placed.status()).isEqualTo(202);

        // The same key names the same order: the reservation finds it held (a retry), then the order is refused.
        Api.Response reused = api.placeOrder(member, key, "{\"items\":[{\"menuCode\":\"AMERICANO\",\"quantity\":1}],"
                + "\"rewardId\":\"" + rewardId + "\"}");

        assertThat(reused.status()).as(reused.body()).isEqualTo(422);
        assertThat(StubLoyaltyService.heldBy(rewardId)).isEqualTo(placed.json().get("orderId").asText());
    }

    @Test
    void with_loyalty_service_down_orders_without_a_reward_go_on_and_one_with_a_reward_gets_a_fast_503() {
        String memberId = "member-" + UUID.randomUUID();
        String member = Api.member(memberId);
        StubLoyaltyService.stop();
        try {
            assertThat(api.placeOrder(member, UUID.randomUUID().toString(), LATTE).status()).isEqualTo(202);

            long start = System.nanoTime();
            Api.Response response = api.placeOrder(member, UUID.randomUUID().toString(),
                    withReward("reward-" + UUID.randomUUID()));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.json().get("code").asText()).isEqualTo("loyalty-unavailable");
            assertThat(millis).as("answered in %d ms", millis).isLessThan(2000);
            assertThat(eventStore.ordersOf(memberId)).isEqualTo(1);
        } finally {
            StubLoyaltyService.start();
        }
    }
}
