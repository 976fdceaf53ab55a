package dev.brew.query.model;

import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderStatus;

import java.time.Instant;
import java.util.List;

/**
 * One order as the screens see it. {@code lastSequence} is the newest aggregate sequence number applied.
 * {@code completedAt}/{@code completedBy} are when and by whom it was handed over (PICKED_UP); the counter steps'
 * times follow (ADR 0900), each null until the step happened.
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
                        String expiredWhile) {
}
