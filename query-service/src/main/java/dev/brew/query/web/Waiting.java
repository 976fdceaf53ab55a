package dev.brew.query.web;

import dev.brew.contracts.order.OrderStatus;
import dev.brew.query.model.OrderView;
import dev.brew.query.model.Queries.EstimateWaits;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Adds the queue position and estimated ready time to a customer's ORDERED orders (ADR 0903), through the query bus.
 * The estimate is advisory: if it cannot be made, the orders go out without it rather than the answer failing.
 */
@Component
class Waiting {

    private static final Logger log = LoggerFactory.getLogger(Waiting.class);

    private final QueryGateway queries;

    Waiting(QueryGateway queries) {
        this.queries = queries;
    }

    /** For a member (a barista, {@code memberId} null, sees the queue itself): the orders, ORDERED ones estimated. */
    CompletableFuture<List<OrderView>> of(String memberId, List<OrderView> orders) {
        if (memberId == null || orders.stream().noneMatch(o -> o != null && o.status() == OrderStatus.ORDERED)) {
            return CompletableFuture.completedFuture(orders);
        }
        return queries.query(new EstimateWaits(orders), ResponseTypes.multipleInstancesOf(OrderView.class))
                .exceptionally(e -> {
                    log.warn("No queue estimate: {}", e.toString());
                    return orders;
                });
    }
}
