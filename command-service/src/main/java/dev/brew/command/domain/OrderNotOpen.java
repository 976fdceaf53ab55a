package dev.brew.command.domain;

import dev.brew.contracts.order.OrderStatus;

import java.util.Set;
import java.util.stream.Collectors;

/** The order is not in a state this step may start from; the answer (409) names the state it is in. */
public final class OrderNotOpen extends OrderRejected {

    public OrderNotOpen(String orderId, OrderStatus status, String action, Set<OrderStatus> allowed) {
        super(409, "order-not-open", null, "Order " + orderId + " is " + status + "; it can be " + action
                + " only while " + allowed.stream().map(Enum::name).collect(Collectors.joining(" or ")));
        property("orderStatus", status);
    }
}
