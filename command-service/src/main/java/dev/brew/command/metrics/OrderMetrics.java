package dev.brew.command.metrics;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderPlaced;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Business counters, counted as the events are committed (a subscribing processor: in the command's own unit of
 * work, after the events are stored). Prometheus names: {@code brew_orders_placed_total},
 * {@code brew_orders_completed_total}, {@code brew_orders_cancelled_total}.
 */
@Component
@ProcessingGroup(OrderMetrics.GROUP)
class OrderMetrics {

    static final String GROUP = "order-metrics";

    private final Counter placed;
    private final Counter completed;
    private final Counter cancelled;

    OrderMetrics(MeterRegistry registry) {
        placed = Counter.builder("brew.orders.placed").description("Orders accepted").register(registry);
        completed = Counter.builder("brew.orders.completed").description("Orders handed over").register(registry);
        cancelled = Counter.builder("brew.orders.cancelled").description("Orders called off").register(registry);
    }

    @EventHandler
    void on(OrderPlaced event) {
        placed.increment();
    }

    @EventHandler
    void on(OrderCompleted event) {
        completed.increment();
    }

    @EventHandler
    void on(OrderCancelled event) {
        cancelled.increment();
    }
}
