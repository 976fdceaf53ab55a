package dev.brew.command.domain;

import dev.brew.contracts.order.OrderStatus;

import java.util.Set;
import java.util.stream.Collectors;

/** The order is not in a state this step may start from; the answer (409) names the state it is in. */
public final class OrderNotOpen extends OrderRejected {

    private final OrderStatus status;

    public OrderNotOpen(String orderId, OrderStatus status, String action, Set<OrderStatus> allowed) {
        super("Order " + orderId + " is " + status + "; it can be " + action + " only while "
                + allowed.stream().map(Enum::name).collect(Collectors.joining(" or ")));
        this.status = status;
    }

    public OrderStatus status() {
        return status;
    }
}
