package dev.brew.command.web;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Retries and races: one order per key, one winner per order. */
@CommandServiceTest
class IdempotencyAndConcurrencyTest {

    static final String TWO_LATTES = "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":2}]}";
    static final String THREE_LATTES = "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":3}]}";

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;

    @Test
    void the_same_key_and_body_twice_gives_the_same_answer_and_one_order() {
        String member = "member-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();

        Api.Response first = api.placeOrder(Api.member(member), key, TWO_LATTES);
        Api.Response second = api.placeOrder(Api.member(member), key, TWO_LATTES);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json()).isEqualTo(first.json());
        assertThat(eventStore.ordersOf(member)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_refused_and_changes_nothing() {
        String member = "member-" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String orderId = api.placeOrder(Api.member(member), key, TWO_LATTES).json().get("orderId").asText();

        Api.Response reused = api.placeOrder(Api.member(member), key, THREE_LATTES);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.json().get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(eventStore.ordersOf(member)).isEqualTo(1);
        assertThat(eventStore.eventTypes(orderId)).hasSize(1);
    }

    @Test
    void the_same_key_from_two_members_makes_two_orders() {
        String key = UUID.randomUUID().toString();
        String a = api.placeOrder(Api.member("member-" + UUID.randomUUID()), key, TWO_LATTES).json()
                .get("orderId").asText();
        String b = api.placeOrder(Api.member("member-" + UUID.randomUUID()), key, TWO_LATTES).json()
                .get("orderId").asText();
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void a_hundred_concurrent_posts_with_one_key_make_one_order() throws Exception {
        String member = "member-" + UUID.randomUUID();
        String token = Api.member(member);
        String key = UUID.randomUUID().toString();

        List<Api.Response> responses = concurrently(100, () -> api.placeOrder(token, key, TWO_LATTES));

        assertThat(responses).extracting(Api.Response::status).containsOnly(202);
        assertThat(responses.stream().map(r -> r.json().get("orderId").asText()).distinct()).hasSize(1);
        assertThat(responses.stream().map(r -> r.json().get("orderNumber").asInt()).distinct()).hasSize(1);
        assertThat(eventStore.ordersOf(member)).isEqualTo(1);
    }

    @Test
    void fifty_concurrent_completes_make_one_event_and_forty_nine_conflicts() throws Exception {
        String orderId = api.placeLattes(Api.member("member-" + UUID.randomUUID()), 1);
        String barista = Api.barista("barista-" + UUID.randomUUID());

        List<Api.Response> responses = concurrently(50, () -> api.complete(barista, orderId));

        Map<Integer, Long> byStatus = responses.stream()
                .collect(Collectors.groupingBy(Api.Response::status, Collectors.counting()));
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(202, 1L, 409, 49L));
        assertThat(responses.stream().filter(r -> r.status() == 409))
                .allSatisfy(r -> assertThat(r.contentType()).startsWith("application/problem+json"));
        // One complete: the counter steps it records (ADR 0900), once.
        assertThat(eventStore.eventTypes(orderId)).containsExactly(
                "dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderAccepted",
                "dev.brew.contracts.order.OrderReady", "dev.brew.contracts.order.OrderPickedUp");
    }

    @Test
    void a_complete_racing_a_cancel_has_exactly_one_winner() throws Exception {
        String member = "member-" + UUID.randomUUID();
        String orderId = api.placeLattes(Api.member(member), 1);
        String barista = Api.barista("barista-" + UUID.randomUUID());

        List<Api.Response> responses = concurrently(20, List.of(
                () -> api.complete(barista, orderId), () -> api.cancel(Api.member(member), orderId)));

        assertThat(responses.stream().filter(r -> r.status() == 202)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() == 409)).hasSize(19);
        // Either the cancel won, or the complete (with the counter steps it records: ADR 0900); never both.
        assertThat(eventStore.eventTypes(orderId)).isIn(
                List.of("dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderCancelled"),
                List.of("dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderAccepted",
                        "dev.brew.contracts.order.OrderReady", "dev.brew.contracts.order.OrderPickedUp"));
    }

    static <T> List<T> concurrently(int count, Callable<T> call) throws Exception {
        return concurrently(count, List.of(call));
    }

    /** Runs {@code count} calls (cycling through {@code calls}) released at the same moment. */
    static <T> List<T> concurrently(int count, List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 32));
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> call = calls.get(i % calls.size());
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
