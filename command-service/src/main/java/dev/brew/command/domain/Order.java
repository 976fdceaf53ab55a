package dev.brew.command.domain;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import dev.brew.contracts.order.AppliedReward;
import dev.brew.contracts.order.CancelOrder;
import dev.brew.contracts.order.CompleteOrder;
import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderLine;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReward;
import dev.brew.contracts.order.OrderStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order, event sourced: its state is what its events say, and every rule is checked before an event is applied.
 *
 * <p>Placing an order is handled by {@link PlaceOrderHandler}, which adds idempotency and the order number and then
 * calls the constructor here; completing and cancelling are handled by the aggregate itself. Loaded orders are kept
 * in the cache named here (see AggregateCacheConfiguration), so completing one does not read its events back.
 */
@Aggregate(cache = "orderCache")
public class Order {

    public static final int MAX_LINES = 50;
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 20;
    public static final int MAX_REASON_LENGTH = 200;

    @AggregateIdentifier
    private String orderId;
    private String memberId;
    private OrderStatus status;

    protected Order() {
        // for Axon: rebuilt from events
    }

    Order(String orderId, int orderNumber, Requester requester, List<OrderLine> lines, Menu menu, Instant placedAt,
          AppliedReward reward) {
        if (!requester.has(Role.MEMBER)) {
            throw new OrderActionForbidden("Only a member can place an order");
        }
        List<OrderItem> items = price(lines, menu);
        long total = items.stream().mapToLong(OrderItem::lineTotal).sum();
        OrderReward applied = null;
        if (reward != null) {
            // A free drink: the dearest one in the order, up to the reward's cap.
            long discount = Math.min(reward.cap(), items.stream().mapToLong(OrderItem::unitPrice).max().orElse(0));
            applied = new OrderReward(reward.rewardId(), discount);
            total -= discount;
        }
        apply(new OrderPlaced(orderId, orderNumber, requester.memberId(), requester.name(), items, total, placedAt,
                applied));
    }

    /** Checks every line against the rules and the menu, and prices it. */
    static List<OrderItem> price(List<OrderLine> lines, Menu menu) {
        if (lines == null || lines.isEmpty()) {
            throw new InvalidOrder("items", "An order needs at least one item");
        }
        if (lines.size() > MAX_LINES) {
            throw new InvalidOrder("items", "An order has at most " + MAX_LINES + " lines, not " + lines.size());
        }
        List<OrderItem> items = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            OrderLine line = lines.get(i);
            int index = i;
            MenuItem item = menu.find(line.menuCode()).orElseThrow(() -> new InvalidOrder(
                    "items[" + index + "].menuCode", "Unknown menu code '" + line.menuCode() + "'"));
            if (line.quantity() < MIN_QUANTITY || line.quantity() > MAX_QUANTITY) {
                throw new InvalidOrder("items[" + i + "].quantity",
                        "Quantity must be between " + MIN_QUANTITY + " and " + MAX_QUANTITY + ", not " + line.quantity());
            }
            items.add(new OrderItem(item.code(), item.nameEn(), line.quantity(), item.price()));
        }
        return items;
    }

    @CommandHandler
    void handle(CompleteOrder command, Clock clock) {
        if (!command.requester().has(Role.BARISTA)) {
            throw new OrderActionForbidden("Only a barista can complete an order");
        }
        requireOpen();
        apply(new OrderCompleted(orderId, command.requester().memberId(), clock.instant()));
    }

    @CommandHandler
    void handle(CancelOrder command, Clock clock) {
        if (!command.requester().memberId().equals(memberId)) {
            // Staff see every order, so to them the refusal may say so; another member must not learn it exists.
            if (command.requester().has(Role.BARISTA)) {
                throw new OrderActionForbidden("Only the member who placed an order can cancel it");
            }
            throw new OrderHidden(orderId);
        }
        requireOpen();
        String reason = command.reason() == null || command.reason().isBlank() ? "Cancelled by the customer"
                : command.reason().strip();
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new InvalidOrder("reason", "A reason has at most " + MAX_REASON_LENGTH + " characters");
        }
        apply(new OrderCancelled(orderId, reason, clock.instant()));
    }

    private void requireOpen() {
        if (status != OrderStatus.ORDERED) {
            throw new OrderNotOpen(orderId, status);
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event) {
        orderId = event.orderId();
        memberId = event.memberId();
        status = OrderStatus.ORDERED;
    }

    @EventSourcingHandler
    void on(OrderCompleted event) {
        status = OrderStatus.DONE;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }
}
