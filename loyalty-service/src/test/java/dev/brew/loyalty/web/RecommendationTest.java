package dev.brew.loyalty.web;

import dev.brew.loyalty.support.Api;
import dev.brew.loyalty.support.LoyaltyServiceTest;
import dev.brew.loyalty.support.OrderEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** "Your usual" from the member's orders handed over; "popular now" from the café's orders of the last hour. */
@LoyaltyServiceTest
class RecommendationTest {

    @Autowired
    Api api;

    @Test
    void the_usual_is_the_members_most_handed_over_drink_and_popular_now_counts_only_the_last_hour() {
        String memberId = "member-" + UUID.randomUUID();
        String token = Api.member(memberId);
        Instant now = Instant.now();
        try (OrderEvents topic = new OrderEvents()) {
            topic.completed(memberId, now, OrderEvents.drink("VANILLA_LATTE", 2))
                    .completed(memberId, now, OrderEvents.drink("VANILLA_LATTE", 1), OrderEvents.drink("AMERICANO", 1))
                    .completed(memberId, now.minus(Duration.ofDays(2)), OrderEvents.drink("AMERICANO", 1));
            // A cancelled order counts for neither.
            String cancelled = OrderEvents.newOrderId();
            topic.send(cancelled, 0, OrderEvents.placed(cancelled, memberId, now, OrderEvents.drink("HOT_CHOCOLATE",
                    20))).cancelled(cancelled);
            // Others order a lot of green tea right now; long ago, a lot of chamomile.
            for (int i = 0; i < 3; i++) {
                topic.completed("other-" + UUID.randomUUID(), now, OrderEvents.drink("GREEN_TEA_LATTE", 15));
            }
            topic.completed("other-" + UUID.randomUUID(), now.minus(Duration.ofHours(3)),
                    OrderEvents.drink("CHAMOMILE_TEA", 20));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/loyalty/me", token).json()
                .get("stamps").asLong() == 5);
        var recommendations = api.get("/api/recommendations", token).json();

        assertThat(recommendations.get("usual").get("menuCode").asText()).isEqualTo("VANILLA_LATTE");
        assertThat(recommendations.get("usual").get("quantity").asLong()).isEqualTo(3);
        assertThat(recommendations.get("popular").get(0).get("menuCode").asText()).isEqualTo("GREEN_TEA_LATTE");
        assertThat(recommendations.get("popular").findValuesAsText("menuCode"))
                .doesNotContain("CHAMOMILE_TEA", "HOT_CHOCOLATE");
    }

    @Test
    void a_member_with_no_history_has_no_usual() {
        var recommendations = api.get("/api/recommendations", Api.member("member-" + UUID.randomUUID())).json();

        assertThat(recommendations.has("usual")).isFalse();
        assertThat(recommendations.get("popular").isArray()).isTrue();
    }
}
