package dev.brew.query.web;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import dev.brew.contracts.order.OrderStatus;
import dev.brew.query.model.OrderView;
import dev.brew.query.model.Queries.FindMemberOrders;
import dev.brew.query.model.Queries.FindOrder;
import dev.brew.query.model.Queries.FindOrdersByStatus;
import dev.brew.query.model.Queries.OrderPage;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/** The order queries: the barista queue, a member's orders, and one order for its owner or a barista. */
@RestController
@RequestMapping("/api/orders")
class OrderQueryController {

    private final QueryGateway queries;
    private final Waiting waiting;

    OrderQueryController(QueryGateway queries, Waiting waiting) {
        this.queries = queries;
        this.waiting = waiting;
    }

    /** Orders in one status, oldest first: with {@code status=ORDERED}, the barista queue. */
    @GetMapping(params = "status")
    @PreAuthorize("hasRole('BARISTA')")
    OrderPage byStatus(@RequestParam OrderStatus status,
                       @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                       @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return queries.query(new FindOrdersByStatus(status, page, size), ResponseTypes.instanceOf(OrderPage.class))
                .join();
    }

    /** Every open order (ORDERED, ACCEPTED, READY), oldest first: the barista's three columns. */
    @GetMapping("/open")
    @PreAuthorize("hasRole('BARISTA')")
    OrderPage open(@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                   @RequestParam(defaultValue = "100") @Min(1) @Max(500) int size) {
        return queries.query(new FindOrdersByStatus(null, page, size), ResponseTypes.instanceOf(OrderPage.class))
                .join();
    }

    /** The caller's own orders, newest first; an ORDERED one with its queue position and estimate (ADR 0903). */
    @GetMapping("/mine")
    @PreAuthorize("hasRole('MEMBER')")
    OrderPage mine(Requester requester,
                   @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                   @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        OrderPage orders = queries.query(new FindMemberOrders(requester.memberId(), page, size),
                ResponseTypes.instanceOf(OrderPage.class)).join();
        return new OrderPage(waiting.of(requester.memberId(), orders.items()).join(), orders.page(), orders.size(),
                orders.total());
    }

    /**
     * One order, for its owner or a barista; anyone else learns nothing, not even that it exists (404). While ORDERED
     * it carries, for its owner, its queue position and estimated ready time (ADR 0903).
     */
    @GetMapping("/{orderId}")
    @PreAuthorize("hasAnyRole('MEMBER', 'BARISTA')")
    OrderView one(@PathVariable String orderId, Requester requester) {
        Optional<OrderView> order = queries.query(new FindOrder(orderId),
                ResponseTypes.optionalInstanceOf(OrderView.class)).join();
        OrderView found = order.filter(o -> requester.has(Role.BARISTA) || requester.memberId().equals(o.memberId()))
                .orElseThrow(OrderNotFound::new);
        // The queue estimate is for the customer; a barista sees the queue itself (as on their stream).
        return waiting.of(requester.has(Role.BARISTA) ? null : found.memberId(), List.of(found)).join().get(0);
    }
}
