package dev.brew.command.metrics;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderRejected;
import dev.brew.contracts.order.OrderPlaced;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Business metrics, counted as the events are committed: a subscriber of the event bus, called in the command's own
 * unit of work right after its events are stored. Prometheus names: {@code brew_orders_placed_total},
 * {@code brew_orders_completed_total}, {@code brew_orders_cancelled_total}, and the histogram
 * {@code brew_order_duration_seconds{outcome="completed"|"cancelled"}}: how long an order took from placed to
 * completed or cancelled (the time of its first event in the store to the time of the closing one). "Completed"
 * is an order handed over: {@code OrderPickedUp} (and {@code OrderCompleted}, stored before the counter steps).
 * {@code brew_orders_rejected_total} and {@code brew_orders_expired_total} count the other ends.
 *
 * <p>A plain subscription, not a subscribing event processor: that put every event through a unit of work, a span, a
 * handler timeout and three monitors, 9% of command-service's request threads for incrementing counters (JFR,
 * docs/benchmarks.md entry 16). A metric never fails a command: what goes wrong while counting is logged.
 */
@Component
class OrderMetrics {

    private static final Logger log = LoggerFactory.getLogger(OrderMetrics.class);

    private final JdbcTemplate jdbc;
    private final Counter placed;
    private final Counter completed;
    private final Counter cancelled;
    private final Counter rejected;
    private final Counter expired;
    private final Timer completedAfter;
    private final Timer cancelledAfter;

    OrderMetrics(MeterRegistry registry, JdbcTemplate jdbc, EventBus events) {
        this.jdbc = jdbc;
        placed = Counter.builder("brew.orders.placed").description("Orders accepted").register(registry);
        completed = Counter.builder("brew.orders.completed").description("Orders handed over").register(registry);
        cancelled = Counter.builder("brew.orders.cancelled").description("Orders called off").register(registry);
        rejected = Counter.builder("brew.orders.rejected").description("Orders refused by a barista")
                .register(registry);
        expired = Counter.builder("brew.orders.expired").description("Orders timed out (not accepted, not picked up)")
                .register(registry);
        completedAfter = duration(registry, "completed");
        cancelledAfter = duration(registry, "cancelled");
        events.subscribe(batch -> batch.forEach(this::count));
    }

    private static Timer duration(MeterRegistry registry, String outcome) {
        return Timer.builder("brew.order.duration")
                .description("Time from an order placed to completed or cancelled")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry);
    }

    private void count(EventMessage<?> event) {
        try {
            Object payload = event.getPayload();
            if (payload instanceof OrderPlaced) {
                placed.increment();
            } else if (payload instanceof OrderPickedUp picked) {
                completed.increment();
                record(completedAfter, picked.orderId(), event.getTimestamp());
            } else if (payload instanceof OrderCompleted done) {
                completed.increment();
                record(completedAfter, done.orderId(), event.getTimestamp());
            } else if (payload instanceof OrderCancelled cancel) {
                cancelled.increment();
                record(cancelledAfter, cancel.orderId(), event.getTimestamp());
            } else if (payload instanceof OrderRejected) {
                rejected.increment();
            } else if (payload instanceof OrderExpired) {
                expired.increment();
            }
        } catch (RuntimeException e) {
            log.warn("Order metrics not counted for {}: {}", event.getPayloadType().getSimpleName(), e.toString());
        }
    }

    /** The order's first event is already stored (same transaction or an earlier one): one lookup by its key. */
    private void record(Timer timer, String orderId, Instant closedAt) {
        try {
            List<String> placedAt = jdbc.queryForList("""
                    select time_stamp from domain_event_entry
                    where aggregate_identifier = ? and sequence_number = 0""", String.class, orderId);
            if (!placedAt.isEmpty()) {
                timer.record(Duration.between(Instant.parse(placedAt.get(0)), closedAt));
            }
        } catch (DataAccessException e) {
            log.debug("Order duration of {} not recorded: {}", orderId, e.toString());
        }
    }
}
