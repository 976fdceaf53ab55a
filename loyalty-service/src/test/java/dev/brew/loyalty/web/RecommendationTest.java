package dev.brew.loyalty.web;

import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.loyalty.support.Api;
import dev.brew.loyalty.support.LoyaltyServiceTest;
import dev.brew.loyalty.support.OrderEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

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
    void the_usual_is_a_drink_made_one_way_and_lines_from_before_options_count_as_the_default_way() {
        LineOptions ventiIcedOat = new LineOptions("VENTI", "ICED", 1, "OAT", "NONE");
        LineOptions asItComes = new LineOptions("TALL", "HOT", 0, "REGULAR", "NONE");
        String likesVenti = "member-" + UUID.randomUUID();
        String likesDefault = "member-" + UUID.randomUUID();
        String onlyOld = "member-" + UUID.randomUUID();
        Instant now = Instant.now();
        try (OrderEvents topic = new OrderEvents()) {
            // Three Venti iced oat lattes with a shot beat two lattes made the default way, one from before options.
            topic.completed(likesVenti, now, OrderEvents.drink("CAFE_LATTE", 2, ventiIcedOat))
                    .completed(likesVenti, now, OrderEvents.drink("CAFE_LATTE", 1, ventiIcedOat),
                            OrderEvents.drink("CAFE_LATTE", 1, asItComes));
            completedRevision1(topic, likesVenti, now, 1);
            // Here the default way wins: an old line and one with the default options given are the same usual.
            completedRevision1(topic, likesDefault, now, 1);
            topic.completed(likesDefault, now, OrderEvents.drink("CAFE_LATTE", 1, asItComes))
                    .completed(likesDefault, now, OrderEvents.drink("CAFE_LATTE", 1, ventiIcedOat));
            completedRevision1(topic, onlyOld, now, 2);
        }

        // Every drink handed over is a stamp: 5, 3 and 2 once all the orders are in.
        await().atMost(Duration.ofSeconds(30)).until(() -> Stream.of(likesVenti, likesDefault, onlyOld)
                .map(m -> api.get("/api/loyalty/me", Api.member(m)).json().get("stamps").asLong()).toList()
                .equals(java.util.List.of(5L, 3L, 2L)));
        var venti = api.get("/api/recommendations", Api.member(likesVenti)).json().get("usual");
        var asUsual = api.get("/api/recommendations", Api.member(likesDefault)).json().get("usual");
        var old = api.get("/api/recommendations", Api.member(onlyOld)).json().get("usual");

        assertThat(venti.get("menuCode").asText()).isEqualTo("CAFE_LATTE");
        assertThat(venti.get("quantity").asLong()).isEqualTo(3);
        assertThat(venti.get("options").get("size").asText()).isEqualTo("VENTI");
        assertThat(venti.get("options").get("temperature").asText()).isEqualTo("ICED");
        assertThat(venti.get("options").get("extraShots").asInt()).isEqualTo(1);
        assertThat(venti.get("options").get("milk").asText()).isEqualTo("OAT");
        assertThat(asUsual.get("quantity").asLong()).isEqualTo(2);
        assertThat(asUsual.get("options").get("size").asText()).isEqualTo("TALL");
        assertThat(asUsual.get("options").get("milk").asText()).isEqualTo("REGULAR");
        // Only lines from before options: the drink as its menu card starts, no options given.
        assertThat(old.get("quantity").asLong()).isEqualTo(2);
        assertThat(old.has("options")).isFalse();
    }

    private static void completedRevision1(OrderEvents topic, String memberId, Instant at, int lattes) {
        String orderId = OrderEvents.newOrderId();
        topic.placedRevision1(orderId, memberId, at, lattes)
                .send(orderId, 1, new OrderCompleted(orderId, "barista", at.plusSeconds(60)));
    }

    @Test
    void a_member_with_no_history_has_no_usual() {
        var recommendations = api.get("/api/recommendations", Api.member("member-" + UUID.randomUUID())).json();

        assertThat(recommendations.has("usual")).isFalse();
        assertThat(recommendations.get("popular").isArray()).isTrue();
    }
}
