package dev.brew.command.web;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The counter steps over HTTP: each from its states only (409 naming the state), one event per race. */
@CommandServiceTest
class OrderCounterStepsTest {

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_order_goes_accepted_ready_picked_up_and_its_deadlines_come_and_go() {
        String member = "member-" + UUID.randomUUID();
        String barista = Api.barista("barista-1");
        String orderId = api.placeLattes(Api.member(member), 1);
        assertThat(deadlinesOf(orderId)).as("the accept deadline, stored").isEqualTo(1);
        // The step that ends a deadline cancels it by the schedule id its starting event carries (ADR 0901).
        assertThat(eventStore.metaData(orderId, 0)).contains("\"deadlineId\":\"" + deadlineIdOf(orderId) + "\"");

        assertThat(api.step(barista, orderId, "accept").status()).isEqualTo(202);
        assertThat(deadlinesOf(orderId)).as("accepted: no deadline").isZero();
        assertThat(api.step(barista, orderId, "ready").status()).isEqualTo(202);
        assertThat(deadlinesOf(orderId)).as("the pickup deadline, stored").isEqualTo(1);
        assertThat(eventStore.metaData(orderId, 2)).contains("\"deadlineId\":\"" + deadlineIdOf(orderId) + "\"");
        assertThat(api.step(barista, orderId, "picked-up").status()).isEqualTo(202);
        assertThat(deadlinesOf(orderId)).as("handed over: no deadline").isZero();

        assertThat(eventStore.eventTypes(orderId)).containsExactly(
                "dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderAccepted",
                "dev.brew.contracts.order.OrderReady", "dev.brew.contracts.order.OrderPickedUp");
    }

    @Test
    void a_step_from_the_wrong_state_is_a_409_problem_naming_the_state() {
        String member = "member-" + UUID.randomUUID();
        String barista = Api.barista("barista-1");
        String orderId = api.placeLattes(Api.member(member), 1);

        Api.Response early = api.step(barista, orderId, "ready");
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.contentType()).startsWith("application/problem+json");
        assertThat(early.json().get("orderStatus").asText()).isEqualTo("ORDERED");
        assertThat(early.json().get("detail").asText()).contains("is ORDERED");

        assertThat(api.step(barista, orderId, "accept").status()).isEqualTo(202);
        Api.Response cancel = api.cancel(Api.member(member), orderId);
        assertThat(cancel.status()).isEqualTo(409);
        assertThat(cancel.json().get("orderStatus").asText()).isEqualTo("ACCEPTED");
        assertThat(api.step(Api.member(member), orderId, "ready").status()).as("a member").isEqualTo(403);
    }

    @Test
    void a_rejection_needs_a_reason_and_ends_the_order() {
        String member = "member-" + UUID.randomUUID();
        String barista = Api.barista("barista-1");
        String orderId = api.placeLattes(Api.member(member), 1);

        Api.Response noReason = api.reject(barista, orderId, null);
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().get("field").asText()).isEqualTo("reason");
        assertThat(api.reject(barista, orderId, "Out of oat milk").status()).isEqualTo(202);
        assertThat(deadlinesOf(orderId)).isZero();
        Api.Response again = api.step(barista, orderId, "accept");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("orderStatus").asText()).isEqualTo("REJECTED");
        assertThat(eventStore.payload(orderId, 1)).contains("Out of oat milk");
    }

    @Test
    void concurrent_steps_on_one_order_give_exactly_one_event() throws Exception {
        String member = "member-" + UUID.randomUUID();
        String orderId = api.placeLattes(Api.member(member), 1);
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Callable<Integer>> steps = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                String barista = Api.barista("barista-" + i);
                // Every barista at the counter presses Accept at once: one wins, the others get a 409.
                steps.add(() -> api.step(barista, orderId, "accept").status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(steps)) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
            assertThat(statuses).filteredOn(s -> s != 202).containsOnly(409);
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventStore.eventTypes(orderId)).hasSize(2);
    }

    private String deadlineIdOf(String orderId) {
        return jdbc.queryForObject("""
                select task_instance from scheduled_tasks where position(convert_to(?, 'UTF8') in task_data) > 0""",
                String.class, orderId);
    }

    private long deadlinesOf(String orderId) {
        // The deadline's scope (the order's id) is in its serialized task data.
        Long count = jdbc.queryForObject("""
                select count(*) from scheduled_tasks where position(convert_to(?, 'UTF8') in task_data) > 0""",
                Long.class, orderId);
        return count == null ? 0 : count;
    }
}
