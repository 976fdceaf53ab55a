package dev.brew.query.model;

import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Where an ORDERED order stands (ADR 0903): {@code position} 1 is next (the orders placed before it that are still
 * ORDERED or ACCEPTED, plus one), and when it should be ready: the work ahead (each waiting order's drinks at their
 * typical time, an accepted one less what it has had already) plus its own drinks, done one after the other.
 *
 * @param position         its place in the queue, 1 = next
 * @param estimatedReadyAt when it should be ready
 * @param estimatedMinutes the same as minutes from now, rounded up (at least 1)
 */
public record QueueWait(int position, Instant estimatedReadyAt, long estimatedMinutes) {

    /** Oldest first: by time placed, then by number. */
    public static final Comparator<OrderView> PLACED_ORDER = Comparator
            .comparing(OrderView::placedAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(OrderView::orderNumber);

    /**
     * @param mine    an ORDERED order
     * @param open    the open orders (ORDERED, ACCEPTED, READY), in any order
     * @param perUnit the typical seconds one drink of a menu code takes from accepted to ready
     * @param now     the time it is estimated at
     */
    public static QueueWait of(OrderView mine, List<OrderView> open, ToDoubleFunction<String> perUnit, Instant now) {
        int position = 1;
        double seconds = 0;
        for (OrderView other : open) {
            boolean waiting = other.status() == OrderStatus.ORDERED || other.status() == OrderStatus.ACCEPTED;
            if (!waiting || other.orderId().equals(mine.orderId()) || PLACED_ORDER.compare(other, mine) >= 0) {
                continue;
            }
            position++;
            double work = work(other, perUnit);
            if (other.status() == OrderStatus.ACCEPTED && other.acceptedAt() != null) {
                work = Math.max(0, work - Duration.between(other.acceptedAt(), now).toMillis() / 1000.0);
            }
            seconds += work;
        }
        seconds += work(mine, perUnit);
        Duration wait = Duration.ofMillis(Math.round(seconds * 1000));
        return new QueueWait(position, now.plus(wait), Math.max(1, (wait.getSeconds() + 59) / 60));
    }

    /** Seconds an order's drinks take at their typical times. */
    private static double work(OrderView order, ToDoubleFunction<String> perUnit) {
        double seconds = 0;
        for (OrderItem item : order.items()) {
            seconds += item.quantity() * perUnit.applyAsDouble(item.menuCode());
        }
        return seconds;
    }
}
