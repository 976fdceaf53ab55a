package dev.brew.system;

import dev.brew.system.support.Brew;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.Response;
import dev.brew.system.support.Session;
import dev.brew.system.support.SystemTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7's races, through the gateway: 100 identical posts with one Idempotency-Key make one order; a complete and
 * a cancel of one order at the same moment, and two barista sessions completing one order, each end with exactly
 * one event and one 409.
 */
@SystemTest
@Order(30)
class ConcurrencyTest {

    private static final int ROUNDS = 10;
    private static Brew brew;
    private static Gateway gateway;

    @BeforeAll
    static void settled(Brew shared) {
        brew = shared;
        gateway = shared.gateway();
        shared.awaitSettled(Duration.ofSeconds(180));
    }

    /** A race that overloads a service can open the gateway's breaker for it: each race starts on a settled stack. */
    @BeforeEach
    void settledAgain() {
        brew.awaitSettled(Duration.ofSeconds(180));
    }

    /** Runs the calls at the same moment (released together by a barrier) and returns their answers in order. */
    private static List<Response> together(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CyclicBarrier start = new CyclicBarrier(calls.size());
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Long> statuses(List<Response> answers) {
        return answers.stream().collect(Collectors.groupingBy(Response::status, TreeMap::new,
                Collectors.counting()));
    }

    @Test
    void hundredIdenticalPostsMakeOneOrder() throws Exception {
        Session member = gateway.newMember("idem");
        gateway.placeOrder(member);
        String key = UUID.randomUUID().toString();
        String body = Gateway.orderBody(gateway.menuCodes(), 7);
        List<Callable<Response>> posts = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            posts.add(() -> gateway.placeOrder(member, key, body));
        }
        List<Response> answers = together(posts);
        System.out.println("[system-tests] 100 identical posts: " + statuses(answers) + ", slowest "
                + answers.stream().mapToLong(Response::millis).max().orElse(0) + " ms");

        // Every answer command-service gave is the same 202. Besides, only "no answer" is allowed: the gateway's
        // own 504 (its 5 s response timeout) or our client's timeout, when the machine is too busy to answer 100 at
        // once. That is no answer rather than another one, and the client's retry with the same key must then get
        // the same 202.
        List<Response> given = answers.stream().filter(a -> a.status() != 504 && a.answered()).toList();
        assertThat(given).as("answers other than timeouts").isNotEmpty().allMatch(a -> a.status() == 202);
        assertThat(answers).as("timeouts are the gateway's own problem").filteredOn(a -> a.status() == 504)
                .allMatch(a -> a.json().path("code").asText().equals("gateway-timeout"));
        assertThat(given.stream().map(a -> a.json().path("orderId").asText()).distinct()).hasSize(1);
        assertThat(given.stream().map(a -> a.json().path("orderNumber").asInt()).distinct()).hasSize(1);
        String orderId = given.get(0).json().path("orderId").asText();
        if (given.size() < answers.size()) {
            brew.awaitSettled(Duration.ofSeconds(120));
            Response retried = gateway.placeOrder(member, key, body);
            assertThat(retried.status()).as("retry after a timeout: %s", retried).isEqualTo(202);
            assertThat(retried.json().path("orderId").asText()).isEqualTo(orderId);
        }
        assertThat(brew.eventStore().ordersPlacedBy(List.of(member.memberId())))
                .as("one order for the key (besides the warm-up order)").hasSize(2).containsEntry(orderId, 1);
        Response otherBody = gateway.placeOrder(member, key, Gateway.orderBody(gateway.menuCodes(), 8));
        assertThat(otherBody.status()).as("the same key with another body: %s", otherBody).isEqualTo(422);
    }

    @Test
    void completeAndCancelAtOnceExactlyOneWins() throws Exception {
        Session member = gateway.newMember("race");
        Session barista = brew.barista();
        Map<String, Integer> winners = new TreeMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            String id = gateway.placeOrder(member);
            List<Response> answers = together(List.of(() -> gateway.complete(barista, id),
                    () -> gateway.cancel(member, id)));
            assertThat(answers.stream().map(Response::status).sorted().toList())
                    .as("complete/cancel of %s: %s", id, answers).containsExactly(202, 409);
            String winner = answers.get(0).status() == 202 ? "OrderPickedUp" : "OrderCancelled";
            winners.merge(winner, 1, Integer::sum);
            Map<String, Integer> events = brew.eventStore().eventsOf(List.of(id)).get(id);
            // A complete records the counter steps it skips (ADR 0900): accepted, ready, picked up, once each.
            assertThat(events).as("events of %s", id).isEqualTo(winner.equals("OrderCancelled")
                    ? Map.of("OrderPlaced", 1, "OrderCancelled", 1)
                    : Map.of("OrderPlaced", 1, "OrderAccepted", 1, "OrderReady", 1, "OrderPickedUp", 1));
            assertThat(answers.stream().filter(a -> a.status() == 409))
                    .allMatch(a -> a.contentType().startsWith("application/problem+json"));
        }
        System.out.println("[system-tests] complete vs cancel, " + ROUNDS + " rounds, winners: " + winners);
    }

    @Test
    void twoBaristasCompletingOneOrderMakeOneEvent() throws Exception {
        Session member = gateway.newMember("twobaristas");
        // Two separate sessions (two tokens) of the seeded barista: the stack seeds one barista account.
        Session first = brew.barista();
        Session second = brew.barista();
        for (int round = 0; round < ROUNDS; round++) {
            String id = gateway.placeOrder(member);
            List<Response> answers = together(List.of(() -> gateway.complete(first, id),
                    () -> gateway.complete(second, id)));
            assertThat(answers.stream().map(Response::status).sorted().toList())
                    .as("two completes of %s: %s", id, answers).containsExactly(202, 409);
            assertThat(brew.eventStore().eventsOf(List.of(id)).get(id)).as("events of %s", id)
                    .isEqualTo(Map.of("OrderPlaced", 1, "OrderAccepted", 1, "OrderReady", 1, "OrderPickedUp", 1));
        }
        System.out.println("[system-tests] two baristas, " + ROUNDS + " rounds: one event and one 409 each time");
    }
}
