package dev.brew.query.model;

import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue position and estimate of an ORDERED order, from the open orders and the drinks' typical times. */
class QueueWaitTest {

    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    /** A latte takes 120 s, an americano 60 s. */
    static final Map<String, Double> TYPICAL = Map.of("CAFE_LATTE", 120.0, "AMERICANO", 60.0);

    @Test
    void the_orders_placed_before_and_not_yet_ready_are_ahead_and_their_drinks_add_up() {
        OrderView accepted = order("a", 1, OrderStatus.ACCEPTED, NOW.minusSeconds(300), NOW.minusSeconds(30),
                line("CAFE_LATTE", 1));
        OrderView waiting = order("b", 2, OrderStatus.ORDERED, NOW.minusSeconds(200), null, line("AMERICANO", 2));
        OrderView ready = order("c", 3, OrderStatus.READY, NOW.minusSeconds(150), NOW.minusSeconds(100),
                line("CAFE_LATTE", 5));
        OrderView mine = order("d", 4, OrderStatus.ORDERED, NOW.minusSeconds(100), null, line("CAFE_LATTE", 1),
                line("AMERICANO", 1));
        OrderView later = order("e", 5, OrderStatus.ORDERED, NOW.minusSeconds(10), null, line("CAFE_LATTE", 9));

        QueueWait wait = QueueWait.of(mine, List.of(later, ready, mine, waiting, accepted), TYPICAL::get, NOW);

        // Ahead: the accepted latte (90 s of its 120 left) and two americanos (120 s); READY and later ones are not.
        assertThat(wait.position()).isEqualTo(3);
        // 90 + 120 ahead, then its own latte and americano (180).
        assertThat(wait.estimatedReadyAt()).isEqualTo(NOW.plusSeconds(90 + 120 + 180));
        assertThat(wait.estimatedMinutes()).isEqualTo(7);
    }

    @Test
    void the_first_in_line_waits_for_its_own_drinks_only_and_an_overdue_accepted_order_adds_nothing() {
        OrderView overdue = order("a", 1, OrderStatus.ACCEPTED, NOW.minusSeconds(900), NOW.minusSeconds(600),
                line("AMERICANO", 1));
        OrderView mine = order("b", 2, OrderStatus.ORDERED, NOW.minusSeconds(5), null, line("AMERICANO", 1));
        OrderView alone = order("c", 3, OrderStatus.ORDERED, NOW, null, line("AMERICANO", 1));

        QueueWait behindOverdue = QueueWait.of(mine, List.of(overdue, mine), TYPICAL::get, NOW);
        QueueWait first = QueueWait.of(alone, List.of(alone), TYPICAL::get, NOW);

        assertThat(behindOverdue.position()).isEqualTo(2);
        assertThat(behindOverdue.estimatedReadyAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(first.position()).isEqualTo(1);
        assertThat(first.estimatedReadyAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(first.estimatedMinutes()).isEqualTo(1);
    }

    @Test
    void orders_placed_at_the_same_moment_go_by_number() {
        OrderView earlier = order("a", 7, OrderStatus.ORDERED, NOW, null, line("AMERICANO", 1));
        OrderView mine = order("b", 8, OrderStatus.ORDERED, NOW, null, line("AMERICANO", 1));

        assertThat(QueueWait.of(mine, List.of(mine, earlier), TYPICAL::get, NOW).position()).isEqualTo(2);
        assertThat(QueueWait.of(earlier, List.of(mine, earlier), TYPICAL::get, NOW).position()).isEqualTo(1);
    }

    static OrderItem line(String code, int quantity) {
        return new OrderItem(code, code, quantity, 5000);
    }

    static OrderView order(String id, int number, OrderStatus status, Instant placedAt, Instant acceptedAt,
                           OrderItem... items) {
        return new OrderView(id, number, "m", "m", List.of(items), 0, status, placedAt, null, null, null, null, 0,
                acceptedAt, acceptedAt == null ? null : "barista", status == OrderStatus.READY ? NOW : null, null,
                null, null, null);
    }
}
