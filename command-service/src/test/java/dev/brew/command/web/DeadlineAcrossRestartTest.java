package dev.brew.command.web;

import dev.brew.command.CommandServiceApplication;
import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order's expiry deadline survives a restart of the command-service instance that scheduled it: it is a row in
 * PostgreSQL (db-scheduler's table, written in the order's own transaction), not a timer in that JVM's memory.
 *
 * <p>A second command-service instance, with a short accept timeout, takes the order and is stopped before the
 * deadline is due; the deadline is still stored; a new instance is started and the order EXPIRES.
 */
@CommandServiceTest
@Order(Integer.MAX_VALUE - 3)
class DeadlineAcrossRestartTest {

    static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(20);

    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void an_order_nobody_accepts_expires_after_the_instance_that_took_it_was_restarted() {
        String member = "member-" + UUID.randomUUID();
        String orderId;
        long placedAt = System.nanoTime();
        try (ConfigurableApplicationContext first = start()) {
            orderId = new Api(first.getEnvironment()).placeLattes(Api.member(member), 1);
        }
        long stoppedAfter = (System.nanoTime() - placedAt) / 1_000_000;
        assertThat(stoppedAfter).as("the instance stopped before the deadline was due").isLessThan(
                ACCEPT_TIMEOUT.toMillis());
        assertThat(eventStore.eventTypes(orderId)).containsExactly("dev.brew.contracts.order.OrderPlaced");
        assertThat(deadlinesOf(orderId)).as("the deadline, stored while no instance holds it").isEqualTo(1);

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(ACCEPT_TIMEOUT.plus(Duration.ofSeconds(90))).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(eventStore.eventTypes(orderId)).containsExactly(
                            "dev.brew.contracts.order.OrderPlaced", "dev.brew.contracts.order.OrderExpired"));
        }
        assertThat(eventStore.payload(orderId, 1)).contains("\"expiredWhile\":\"ORDERED\"");
        assertThat(deadlinesOf(orderId)).as("a deadline that ran is gone").isZero();
        System.out.printf("DEADLINE-RESTART order placed, instance stopped after %d ms, expired after restart%n",
                stoppedAfter);
    }

    /** Another command-service instance on the same PostgreSQL and Kafka, on its own port. */
    private static ConfigurableApplicationContext start() {
        // As arguments: they override application.yml (default properties would not).
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .run("--server.port=0", "--brew.orders.accept-timeout=" + ACCEPT_TIMEOUT.toSeconds() + "s",
                        "--db-scheduler.polling-interval=1s");
    }

    private long deadlinesOf(String orderId) {
        Long count = jdbc.queryForObject("""
                select count(*) from scheduled_tasks where position(convert_to(?, 'UTF8') in task_data) > 0""",
                Long.class, orderId);
        return count == null ? 0 : count;
    }
}
