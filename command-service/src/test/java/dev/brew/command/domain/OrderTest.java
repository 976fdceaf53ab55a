package dev.brew.command.domain;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import dev.brew.contracts.order.AcceptOrder;
import dev.brew.contracts.order.AppliedReward;
import dev.brew.contracts.order.CancelOrder;
import dev.brew.contracts.order.CompleteOrder;
import dev.brew.contracts.order.HandOverOrder;
import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.MarkOrderReady;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.OrderStatus;
import dev.brew.contracts.order.RejectOrder;
import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderLine;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReward;
import dev.brew.contracts.order.PlaceOrder;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The Order aggregate's rules, given-when-then. */
class OrderTest {

    static final Instant NOW = Instant.parse("2026-11-25T01:02:03Z");
    static final Menu MENU = new Menu(List.of(
            new MenuItem("AMERICANO", "아메리카노", "Americano", 4500, "americano", List.of("HOT", "ICED"), true, false,
                    true),
            new MenuItem("CAFE_LATTE", "카페 라떼", "Caffè Latte", 5000, "latte", List.of("HOT", "ICED"), true, true,
                    true),
            new MenuItem("COLD_BREW", "콜드 브루", "Cold Brew", 4900, "cold-brew", List.of("ICED"), false, false,
                    true)));
    static final LineOptions LATTE_DEFAULTS = new LineOptions("TALL", "HOT", 0, "REGULAR", "NONE");
    static final LineOptions AMERICANO_DEFAULTS = new LineOptions("TALL", "HOT", 0, null, "NONE");
    static final Requester KIM = new Requester("member-kim", "kim", Set.of(Role.MEMBER));
    static final Requester LEE = new Requester("member-lee", "lee", Set.of(Role.MEMBER));
    static final Requester BARISTA = new Requester("barista-park", "park", Set.of(Role.BARISTA));
    static final String ORDER = "order-1";
    static final OrderTimeouts TIMEOUTS = new OrderTimeouts(Duration.ofMinutes(10), Duration.ofMinutes(60));

    FixtureConfiguration<Order> fixture;
    InMemoryIdempotencyKeys keys;
    AtomicInteger numbers;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
        keys = new InMemoryIdempotencyKeys();
        numbers = new AtomicInteger();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        fixture.registerInjectableResource(clock);
        fixture.registerInjectableResource(TIMEOUTS);
        fixture.registerAnnotatedCommandHandler(new PlaceOrderHandler(fixture.getRepository(), MENU,
                placedAt -> numbers.incrementAndGet(), keys, new KnownIds(Set.of(KIM.memberId(), LEE.memberId(),
                BARISTA.memberId())), clock, TIMEOUTS));
    }

    static OrderPlaced placed(String orderId, int number, Requester by, OrderItem... items) {
        List<OrderItem> list = List.of(items);
        return new OrderPlaced(orderId, number, by.memberId(), by.name(), list,
                list.stream().mapToLong(OrderItem::lineTotal).sum(), NOW);
    }

    static OrderPlaced twoLattesFor(Requester by) {
        return placed(ORDER, 1, by, new OrderItem("CAFE_LATTE", "Caffè Latte", 2, 5000));
    }

    static OrderItem latte(int quantity, long unitPrice, LineOptions options) {
        return new OrderItem("CAFE_LATTE", "Caffè Latte", quantity, unitPrice, options, unitPrice * quantity);
    }

    static OrderItem americano(int quantity) {
        return new OrderItem("AMERICANO", "Americano", quantity, 4500, AMERICANO_DEFAULTS, 4500L * quantity);
    }

    static PlaceOrder place(Requester by, String key, OrderLine... lines) {
        return new PlaceOrder(ORDER, by, List.of(lines), key);
    }

    @Nested
    class Placing {

        @Test
        void an_order_is_priced_from_the_menu_and_numbered() {
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2), new OrderLine("AMERICANO", 1)))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new OrderAccepted(ORDER, 1))
                    .expectEvents(placed(ORDER, 1, KIM, latte(2, 5000, LATTE_DEFAULTS), americano(1)));
            assertThat(twoLattesFor(KIM).total()).isEqualTo(10_000);
        }

        @Test
        void a_reserved_reward_takes_the_dearest_drink_off_the_total_up_to_its_cap() {
            List<OrderItem> items = List.of(latte(2, 5000, LATTE_DEFAULTS), americano(1));
            fixture.givenNoPriorActivity()
                    .when(new PlaceOrder(ORDER, KIM, List.of(new OrderLine("CAFE_LATTE", 2),
                            new OrderLine("AMERICANO", 1)), "k1", new AppliedReward("reward-1", 6000)))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new OrderPlaced(ORDER, 1, KIM.memberId(), KIM.name(), items, 14_500 - 5000, NOW,
                            new OrderReward("reward-1", 5000)));
        }

        @Test
        void a_reward_takes_off_no_more_than_its_cap() {
            fixture.givenNoPriorActivity()
                    .when(new PlaceOrder(ORDER, KIM, List.of(new OrderLine("CAFE_LATTE", 1)), "k1",
                            new AppliedReward("reward-1", 3000)))
                    .expectEvents(new OrderPlaced(ORDER, 1, KIM.memberId(), KIM.name(),
                            List.of(latte(1, 5000, LATTE_DEFAULTS)), 2000, NOW,
                            new OrderReward("reward-1", 3000)));
        }

        @Test
        void the_same_key_with_a_reward_added_is_another_order() {
            assertThat(PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 1))))
                    .isNotEqualTo(PlaceOrderHandler.fingerprint(new PlaceOrder(ORDER, KIM,
                            List.of(new OrderLine("CAFE_LATTE", 1)), "k1", new AppliedReward("reward-1", 6000))));
        }

        @Test
        void an_unknown_menu_code_is_refused_naming_the_line() {
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "k1", new OrderLine("AMERICANO", 1), new OrderLine("FLAT_WHITE", 1)))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class)
                    .expectExceptionMessage("Unknown menu code 'FLAT_WHITE'");
            assertThat(keys.claims).isEmpty();
            assertThat(numbers.get()).isZero();
        }

        @Test
        void a_quantity_must_be_from_1_to_20() {
            for (int quantity : new int[]{0, -1, 21, Integer.MAX_VALUE}) {
                fixture.givenNoPriorActivity()
                        .when(place(KIM, "k" + quantity, new OrderLine("AMERICANO", quantity)))
                        .expectNoEvents()
                        .expectException(InvalidOrder.class);
            }
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "k20", new OrderLine("AMERICANO", 20)))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void an_order_has_from_1_to_50_lines() {
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "empty"))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class);
            OrderLine[] fiftyOne = Collections.nCopies(51, new OrderLine("AMERICANO", 1)).toArray(OrderLine[]::new);
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "many", fiftyOne))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class);
            OrderLine[] fifty = Collections.nCopies(50, new OrderLine("AMERICANO", 1)).toArray(OrderLine[]::new);
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "fifty", fifty))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void an_order_is_refused_for_a_member_the_directory_does_not_know() {
            Requester stranger = new Requester("member-unknown", "who", Set.of(Role.MEMBER));
            fixture.givenNoPriorActivity()
                    .when(place(stranger, "k1", new OrderLine("AMERICANO", 1)))
                    .expectNoEvents()
                    .expectException(UnknownMember.class)
                    .expectExceptionMessage("Unknown member 'member-unknown'");
            assertThat(keys.claims).isEmpty();
        }

        @Test
        void only_a_member_places_orders() {
            fixture.givenNoPriorActivity()
                    .when(place(BARISTA, "k1", new OrderLine("AMERICANO", 1)))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
        }

        @Test
        void a_retry_with_the_same_key_gets_the_first_answer_and_no_second_order() {
            keys.claims.put("member-kim/k1", new IdempotencyKeys.Earlier(
                    PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2))), ORDER, 7));
            fixture.given(twoLattesFor(KIM))
                    .when(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)))
                    .expectNoEvents()
                    .expectResultMessagePayload(new OrderAccepted(ORDER, 7));
        }

        @Test
        void the_same_key_with_another_order_is_refused() {
            keys.claims.put("member-kim/k1", new IdempotencyKeys.Earlier(
                    PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2))), ORDER, 7));
            fixture.given(twoLattesFor(KIM))
                    .when(place(KIM, "k1", new OrderLine("CAFE_LATTE", 3)))
                    .expectNoEvents()
                    .expectException(IdempotencyKeyReused.class);
        }
    }

    @Nested
    class Completing {

        @Test
        void completing_an_ordered_order_records_each_step_it_skips_and_ends_its_deadline() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CompleteOrder(ORDER, BARISTA))
                    .expectEvents(new dev.brew.contracts.order.OrderAccepted(ORDER, BARISTA.memberId(), NOW),
                            new OrderReady(ORDER, BARISTA.memberId(), NOW),
                            new OrderPickedUp(ORDER, BARISTA.memberId(), NOW))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void completing_a_ready_order_hands_it_over() {
            fixture.given(twoLattesFor(KIM), accepted(), ready())
                    .when(new CompleteOrder(ORDER, BARISTA))
                    .expectEvents(new OrderPickedUp(ORDER, BARISTA.memberId(), NOW));
        }

        @Test
        void a_member_cannot_complete_even_their_own_order() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CompleteOrder(ORDER, KIM))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
        }

        @Test
        void an_order_completed_before_the_counter_steps_is_picked_up_and_cannot_be_completed_again() {
            fixture.given(twoLattesFor(KIM), new OrderCompleted(ORDER, BARISTA.memberId(), NOW))
                    .when(new CompleteOrder(ORDER, BARISTA))
                    .expectNoEvents()
                    .expectException(OrderNotOpen.class)
                    .expectExceptionMessage("Order order-1 is PICKED_UP; it can be completed only while ORDERED or"
                            + " ACCEPTED or READY");
        }

        @Test
        void a_cancelled_order_cannot_be_completed() {
            fixture.given(twoLattesFor(KIM), new OrderCancelled(ORDER, "changed my mind", NOW))
                    .when(new CompleteOrder(ORDER, BARISTA))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is CANCELLED; it can be completed only while ORDERED or"
                            + " ACCEPTED or READY");
        }
    }

    @Nested
    class Cancelling {

        @Test
        void the_owner_cancels_an_ordered_order() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CancelOrder(ORDER, KIM, "  wrong drink "))
                    .expectEvents(new OrderCancelled(ORDER, "wrong drink", NOW));
        }

        @Test
        void a_missing_reason_gets_a_default() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CancelOrder(ORDER, KIM, null))
                    .expectEvents(new OrderCancelled(ORDER, "Cancelled by the customer", NOW));
        }

        @Test
        void another_member_cannot_cancel_nor_learn_that_the_order_exists() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CancelOrder(ORDER, LEE, null))
                    .expectNoEvents()
                    .expectException(OrderHidden.class);
        }

        @Test
        void a_barista_cannot_cancel_a_members_order() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CancelOrder(ORDER, BARISTA, null))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
        }

        @Test
        void a_picked_up_order_cannot_be_cancelled() {
            fixture.given(twoLattesFor(KIM), new OrderCompleted(ORDER, BARISTA.memberId(), NOW))
                    .when(new CancelOrder(ORDER, KIM, null))
                    .expectNoEvents()
                    .expectException(OrderNotOpen.class);
        }

        @Test
        void an_order_is_cancelled_once() {
            fixture.given(twoLattesFor(KIM), new OrderCancelled(ORDER, "once", NOW))
                    .when(new CancelOrder(ORDER, KIM, "twice"))
                    .expectNoEvents()
                    .expectException(OrderNotOpen.class);
        }

        @Test
        void a_reason_has_at_most_200_characters() {
            fixture.given(twoLattesFor(KIM))
                    .when(new CancelOrder(ORDER, KIM, "x".repeat(201)))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class);
        }
    }

    @Nested
    class Options {

        @Test
        void a_venti_iced_oat_latte_with_an_extra_shot_is_priced_with_its_options() {
            LineOptions asked = new LineOptions("VENTI", "ICED", 1, "OAT", null);
            // 5000 + Venti 1000 + one shot 500 + oat 600 = 7100 each.
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2, asked)))
                    .expectEvents(placed(ORDER, 1, KIM,
                            latte(2, 7100, new LineOptions("VENTI", "ICED", 1, "OAT", "NONE"))));
        }

        @Test
        void options_a_drink_does_not_take_are_refused_naming_the_field() {
            assertRefused(new OrderLine("COLD_BREW", 1, new LineOptions(null, "HOT", null, null, null)),
                    "items[0].options.temperature");
            assertRefused(new OrderLine("AMERICANO", 1, new LineOptions(null, null, null, "OAT", null)),
                    "items[0].options.milk");
            assertRefused(new OrderLine("COLD_BREW", 1, new LineOptions(null, null, 2, null, null)),
                    "items[0].options.extraShots");
        }

        @Test
        void unknown_or_out_of_range_options_are_refused_naming_the_field() {
            assertRefused(new OrderLine("CAFE_LATTE", 1, new LineOptions("TRENTA", null, null, null, null)),
                    "items[0].options.size");
            assertRefused(new OrderLine("CAFE_LATTE", 1, new LineOptions(null, null, 5, null, null)),
                    "items[0].options.extraShots");
            assertRefused(new OrderLine("CAFE_LATTE", 1, new LineOptions(null, null, -1, null, null)),
                    "items[0].options.extraShots");
            assertRefused(new OrderLine("CAFE_LATTE", 1, new LineOptions(null, null, null, "ALMOND", null)),
                    "items[0].options.milk");
            assertRefused(new OrderLine("CAFE_LATTE", 1, new LineOptions(null, null, null, null, "MINT")),
                    "items[0].options.syrup");
        }

        @Test
        void the_same_key_with_other_options_is_another_order() {
            String plain = PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 1)));
            String iced = PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 1,
                    new LineOptions(null, "ICED", null, null, null))));
            String oat = PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 1,
                    new LineOptions(null, "ICED", null, "OAT", null))));
            assertThat(List.of(plain, iced, oat)).doesNotHaveDuplicates();
            assertThat(PlaceOrderHandler.fingerprint(place(KIM, "k1", new OrderLine("CAFE_LATTE", 1,
                    new LineOptions(null, "ICED", null, "OAT", null))))).isEqualTo(oat);
        }

        private void assertRefused(OrderLine line, String field) {
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "k-" + field, line))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class);
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(InvalidOrder.class,
                    () -> Order.price(List.of(line), MENU)).field()).isEqualTo(field);
        }
    }

    static dev.brew.contracts.order.OrderAccepted accepted() {
        return new dev.brew.contracts.order.OrderAccepted(ORDER, BARISTA.memberId(), NOW);
    }

    static OrderReady ready() {
        return new OrderReady(ORDER, BARISTA.memberId(), NOW);
    }

    @Nested
    class CounterSteps {

        @Test
        void placing_an_order_schedules_its_accept_deadline() {
            fixture.givenNoPriorActivity()
                    .when(place(KIM, "k1", new OrderLine("CAFE_LATTE", 1)))
                    .expectSuccessfulHandlerExecution()
                    .expectScheduledDeadlineWithName(Duration.ofMinutes(10), Order.ACCEPT_DEADLINE);
        }

        @Test
        void a_barista_accepts_an_ordered_order_which_ends_its_accept_deadline() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)))
                    .when(new AcceptOrder(ORDER, BARISTA))
                    .expectEvents(accepted())
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_barista_marks_an_accepted_order_ready_which_starts_its_pickup_deadline() {
            fixture.given(twoLattesFor(KIM), accepted())
                    .when(new MarkOrderReady(ORDER, BARISTA))
                    .expectEvents(ready())
                    .expectScheduledDeadlineWithName(Duration.ofMinutes(60), Order.PICKUP_DEADLINE);
        }

        @Test
        void a_barista_hands_over_a_ready_order_which_ends_its_pickup_deadline() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)), new AcceptOrder(ORDER, BARISTA),
                            new MarkOrderReady(ORDER, BARISTA))
                    .when(new HandOverOrder(ORDER, BARISTA))
                    .expectEvents(new OrderPickedUp(ORDER, BARISTA.memberId(), NOW))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void only_a_barista_takes_the_counter_steps() {
            fixture.given(twoLattesFor(KIM))
                    .when(new AcceptOrder(ORDER, KIM))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
            fixture.given(twoLattesFor(KIM), accepted())
                    .when(new MarkOrderReady(ORDER, KIM))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
            fixture.given(twoLattesFor(KIM), accepted(), ready())
                    .when(new HandOverOrder(ORDER, KIM))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
            fixture.given(twoLattesFor(KIM))
                    .when(new RejectOrder(ORDER, KIM, "no"))
                    .expectNoEvents()
                    .expectException(OrderActionForbidden.class);
        }

        @Test
        void a_step_from_the_wrong_state_is_refused_naming_the_state() {
            fixture.given(twoLattesFor(KIM))
                    .when(new MarkOrderReady(ORDER, BARISTA))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is ORDERED; it can be marked ready only while ACCEPTED");
            fixture.given(twoLattesFor(KIM), accepted())
                    .when(new AcceptOrder(ORDER, BARISTA))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is ACCEPTED; it can be accepted only while ORDERED");
            fixture.given(twoLattesFor(KIM), accepted())
                    .when(new HandOverOrder(ORDER, BARISTA))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is ACCEPTED; it can be picked up only while READY");
            fixture.given(twoLattesFor(KIM), accepted(), ready())
                    .when(new RejectOrder(ORDER, BARISTA, "too late"))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is READY; it can be rejected only while ORDERED or"
                            + " ACCEPTED");
            fixture.given(twoLattesFor(KIM), new OrderExpired(ORDER, OrderStatus.ORDERED, NOW))
                    .when(new AcceptOrder(ORDER, BARISTA))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is EXPIRED; it can be accepted only while ORDERED");
        }

        @Test
        void an_accepted_order_can_no_longer_be_cancelled_by_its_member() {
            fixture.given(twoLattesFor(KIM), accepted())
                    .when(new CancelOrder(ORDER, KIM, null))
                    .expectNoEvents()
                    .expectExceptionMessage("Order order-1 is ACCEPTED; it can be cancelled only while ORDERED");
        }

        @Test
        void a_barista_rejects_an_ordered_order_with_a_reason() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)))
                    .when(new RejectOrder(ORDER, BARISTA, "  out of oat milk "))
                    .expectEvents(new dev.brew.contracts.order.OrderRejected(ORDER, BARISTA.memberId(),
                            "out of oat milk", NOW))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void a_barista_rejects_an_accepted_order() {
            fixture.given(twoLattesFor(KIM), accepted())
                    .when(new RejectOrder(ORDER, BARISTA, "machine broke down"))
                    .expectEvents(new dev.brew.contracts.order.OrderRejected(ORDER, BARISTA.memberId(),
                            "machine broke down", NOW));
        }

        @Test
        void a_rejection_needs_a_reason_of_at_most_200_characters() {
            fixture.given(twoLattesFor(KIM))
                    .when(new RejectOrder(ORDER, BARISTA, " "))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class);
            fixture.given(twoLattesFor(KIM))
                    .when(new RejectOrder(ORDER, BARISTA, "x".repeat(201)))
                    .expectNoEvents()
                    .expectException(InvalidOrder.class);
        }

        @Test
        void cancelling_ends_the_accept_deadline() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)))
                    .when(new CancelOrder(ORDER, KIM, null))
                    .expectEvents(new OrderCancelled(ORDER, "Cancelled by the customer", NOW))
                    .expectNoScheduledDeadlines();
        }
    }

    @Nested
    class Expiry {

        @Test
        void an_order_nobody_accepts_in_time_expires() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)))
                    .whenTimeElapses(Duration.ofMinutes(10))
                    .expectTriggeredDeadlinesWithName(Order.ACCEPT_DEADLINE)
                    .expectEvents(new OrderExpired(ORDER, OrderStatus.ORDERED, NOW));
        }

        @Test
        void an_order_accepted_in_time_does_not_expire() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)), new AcceptOrder(ORDER, BARISTA))
                    .whenTimeElapses(Duration.ofMinutes(30))
                    .expectNoEvents()
                    .expectTriggeredDeadlines();
        }

        @Test
        void a_deadline_left_running_finds_the_order_moved_on_and_does_nothing() {
            // As for an order stored before the events carried their deadline's id: the step does not cancel it.
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)))
                    .andGiven(accepted())
                    .whenTimeElapses(Duration.ofMinutes(10))
                    .expectTriggeredDeadlinesWithName(Order.ACCEPT_DEADLINE)
                    .expectNoEvents();
        }

        @Test
        void a_ready_order_nobody_picks_up_in_time_expires() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)), new AcceptOrder(ORDER, BARISTA),
                            new MarkOrderReady(ORDER, BARISTA))
                    .whenTimeElapses(Duration.ofMinutes(60))
                    .expectTriggeredDeadlinesWithName(Order.PICKUP_DEADLINE)
                    .expectEvents(new OrderExpired(ORDER, OrderStatus.READY, NOW));
        }

        @Test
        void a_ready_order_picked_up_in_time_does_not_expire() {
            fixture.givenCommands(place(KIM, "k1", new OrderLine("CAFE_LATTE", 2)), new AcceptOrder(ORDER, BARISTA),
                            new MarkOrderReady(ORDER, BARISTA), new HandOverOrder(ORDER, BARISTA))
                    .whenTimeElapses(Duration.ofHours(2))
                    .expectNoEvents()
                    .expectTriggeredDeadlines();
        }
    }

    /** The member directory, in memory. */
    record KnownIds(Set<String> ids) implements MemberDirectory {

        @Override
        public boolean isKnown(String memberId) {
            return ids.contains(memberId);
        }

        @Override
        public void remember(String memberId, String name, Role role, Instant registeredAt, String learnedFrom) {
            throw new UnsupportedOperationException();
        }
    }

    /** The idempotency table, in memory. */
    static final class InMemoryIdempotencyKeys implements IdempotencyKeys {

        final Map<String, Earlier> claims = new HashMap<>();

        @Override
        public Optional<Earlier> claim(String memberId, String key, String requestHash, String orderId) {
            Earlier earlier = claims.get(memberId + "/" + key);
            if (earlier != null) {
                return Optional.of(earlier);
            }
            claims.put(memberId + "/" + key, new Earlier(requestHash, orderId, 0));
            return Optional.empty();
        }

        @Override
        public void complete(String memberId, String key, int orderNumber) {
            claims.computeIfPresent(memberId + "/" + key, (k, e) -> new Earlier(e.requestHash(), e.orderId(), orderNumber));
        }
    }
}
