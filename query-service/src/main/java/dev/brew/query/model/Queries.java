package dev.brew.query.model;

import dev.brew.contracts.order.OrderStatus;

import java.util.List;

/** The queries the order-status view answers, and their results. */
public final class Queries {

    private Queries() {
    }

    /** One order by id. */
    public record FindOrder(String orderId) {
    }

    /** Orders in one status, oldest first: the barista queue. */
    public record FindOrdersByStatus(OrderStatus status, int page, int size) {
    }

    /** One member's orders, newest first. */
    public record FindMemberOrders(String memberId, int page, int size) {
    }

    /** The same orders, each ORDERED one with its queue position and estimated ready time (ADR 0903). */
    public record EstimateWaits(List<OrderView> orders) {
    }

    /** A page of orders. */
    public record OrderPage(List<OrderView> items, int page, int size, long total) {
    }

    /**
     * A live stream of order changes (a subscription query): all orders when {@code memberId} is null (a barista),
     * else that member's orders. {@code lastEventId} is where a reconnecting client left off.
     */
    public record WatchOrders(String memberId, Long lastEventId) {
    }

    /**
     * How a stream starts: either a {@code snapshot} of the orders the watcher sees, or the {@code missed} changes
     * since its last event. Live changes numbered up to {@code position} are already covered.
     */
    public record StreamStart(long position, List<OrderView> snapshot, List<OrderChange> missed) {

        public boolean isSnapshot() {
            return snapshot != null;
        }
    }
}
