package dev.brew.query.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderStatus;

import java.time.Instant;
import java.util.List;

/**
 * One order as the screens see it. {@code lastSequence} is the newest aggregate sequence number applied.
 * {@code completedAt}/{@code completedBy} are when and by whom it was handed over (PICKED_UP); the counter steps'
 * times follow (ADR 0900), each null until the step happened. {@code queueWait} is the queue position and estimated
 * ready time of an ORDERED order, added when it is read for its customer (ADR 0903); null otherwise.
 */
public record OrderView(String orderId,
                        int orderNumber,
                        String memberId,
                        String memberName,
                        List<OrderItem> items,
                        long total,
                        OrderStatus status,
                        Instant placedAt,
                        Instant completedAt,
                        String completedBy,
                        Instant cancelledAt,
                        String cancelReason,
                        long lastSequence,
                        Instant acceptedAt,
                        String acceptedBy,
                        Instant readyAt,
                        Instant rejectedAt,
                        String rejectReason,
                        Instant expiredAt,
                        String expiredWhile,
                        @JsonInclude(JsonInclude.Include.NON_NULL) QueueWait queueWait) {

    /** As the view stores it: without a wait. */
    public OrderView(String orderId, int orderNumber, String memberId, String memberName, List<OrderItem> items,
                     long total, OrderStatus status, Instant placedAt, Instant completedAt, String completedBy,
                     Instant cancelledAt, String cancelReason, long lastSequence, Instant acceptedAt,
                     String acceptedBy, Instant readyAt, Instant rejectedAt, String rejectReason, Instant expiredAt,
                     String expiredWhile) {
        this(orderId, orderNumber, memberId, memberName, items, total, status, placedAt, completedAt, completedBy,
                cancelledAt, cancelReason, lastSequence, acceptedAt, acceptedBy, readyAt, rejectedAt, rejectReason,
                expiredAt, expiredWhile, null);
    }

    public OrderView withWait(QueueWait queueWait) {
        return new OrderView(orderId, orderNumber, memberId, memberName, items, total, status, placedAt, completedAt,
                completedBy, cancelledAt, cancelReason, lastSequence, acceptedAt, acceptedBy, readyAt, rejectedAt,
                rejectReason, expiredAt, expiredWhile, queueWait);
    }
}
