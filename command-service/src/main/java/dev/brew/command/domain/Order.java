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
import dev.brew.contracts.order.AcceptOrder;
import dev.brew.contracts.order.HandOverOrder;
import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.MarkOrderReady;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.RejectOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order, event sourced: its state is what its events say, and every rule is checked before an event is applied.
 *
 * <p>Placing an order is handled by {@link PlaceOrderHandler}, which adds idempotency and the order number and then
 * calls the constructor here; every later step is handled by the aggregate itself. Loaded orders are kept in the
 * cache named here (see AggregateCacheConfiguration), so a step on an order just placed does not read its events
 * back.
 *
 * <p>The counter steps (docs/adr/0900-order-counter-steps.md): ORDERED → ACCEPTED → READY → PICKED_UP; REJECTED by
 * a barista while ORDERED or ACCEPTED; CANCELLED by its member while ORDERED; EXPIRED when a deadline passes while
 * ORDERED (nobody accepted it) or READY (nobody picked it up). Each deadline is scheduled with the step that starts
 * it and cancelled with the step that ends it; it survives restarts (docs/adr/0901-persistent-order-deadlines.md).
 * The event that starts a deadline carries its schedule id in its metadata ({@value #DEADLINE_ID}), so the step that
 * ends it cancels that one task by its key: db-scheduler cannot search its tasks, and cancelling "all within the
 * order's scope" reads and deserializes every scheduled deadline of every open order (ADR 0901).
 * A step from any other state is refused with {@link OrderNotOpen}, naming the state; two concurrent steps on one
 * order are serialized by the event store (one appends, the other gets a conflict), so there is one event.
 */
@Aggregate(cache = "orderCache")
public class Order {

    public static final int MAX_LINES = 50;
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 20;
    public static final int MAX_REASON_LENGTH = 200;
    /** The deadline for a barista to accept an order. */
    public static final String ACCEPT_DEADLINE = "order-accept-deadline";
    /** The deadline for the customer to pick up a READY order. */
    public static final String PICKUP_DEADLINE = "order-pickup-deadline";
    /** The metadata key of the schedule id of the deadline an event starts. */
    public static final String DEADLINE_ID = "deadlineId";

    @AggregateIdentifier
    private String orderId;
    private String memberId;
    private OrderStatus status;
    /** The schedule id of the running deadline; null for none, or for an order stored before the ids were kept. */
    private String deadlineId;

    protected Order() {
        // for Axon: rebuilt from events
    }

    /** A new order of {@code items}, already checked and priced by {@link #price} (before its key and number). */
    Order(String orderId, int orderNumber, Requester requester, List<OrderItem> items, Instant placedAt,
          AppliedReward reward, OrderTimeouts timeouts, DeadlineManager deadlines) {
        if (!requester.has(Role.MEMBER)) {
            throw new OrderActionForbidden("Only a member can place an order");
        }
        long total = items.stream().mapToLong(OrderItem::lineTotal).sum();
        OrderReward applied = null;
        if (reward != null) {
            // A free drink: the dearest one in the order, up to the reward's cap.
            long discount = Math.min(reward.cap(), items.stream().mapToLong(OrderItem::unitPrice).max().orElse(0));
            applied = new OrderReward(reward.rewardId(), discount);
            total -= discount;
        }
        String deadline = deadlines.schedule(timeouts.accept(), ACCEPT_DEADLINE,
                new OrderDeadline(OrderStatus.ORDERED));
        apply(new OrderPlaced(orderId, orderNumber, requester.memberId(), requester.name(), items, total, placedAt,
                applied), MetaData.with(DEADLINE_ID, deadline));
    }

    /**
     * The order's id: the same member and idempotency key always name the same order, so even a retry that slipped
     * past the key table could not create a second one (the event store refuses a second first event for one id).
     */
    public static String idFor(String memberId, String idempotencyKey) {
        return UUID.nameUUIDFromBytes((memberId + '\n' + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
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
            LineOptions options = resolve(item, line.options(), menu.options(), "items[" + i + "].options.");
            long unitPrice = item.price() + menu.options().surcharge(options);
            items.add(new OrderItem(item.code(), item.nameEn(), line.quantity(), unitPrice, options,
                    unitPrice * line.quantity()));
        }
        return items;
    }

    /**
     * The options a line's drink is made with: each one asked for checked against what the drink takes (422 naming
     * the field, e.g. {@code items[0].options.size}), the rest filled with the drink's defaults.
     */
    static LineOptions resolve(MenuItem item, LineOptions asked, DrinkOptions catalog, String field) {
        LineOptions options = asked == null ? new LineOptions(null, null, null, null, null) : asked;
        String size = options.size() == null ? catalog.defaultSize() : options.size();
        if (!catalog.sizes().containsKey(size)) {
            throw new InvalidOrder(field + "size", "Unknown size '" + size + "'; one of " + catalog.sizes().keySet());
        }
        String temperature = options.temperature() == null ? item.temperatures().get(0) : options.temperature();
        if (!item.temperatures().contains(temperature)) {
            throw new InvalidOrder(field + "temperature", item.nameEn() + " comes " + item.temperatures()
                    + ", not '" + temperature + "'");
        }
        int shots = options.extraShots() == null ? 0 : options.extraShots();
        if (shots < 0 || shots > catalog.maxExtraShots()) {
            throw new InvalidOrder(field + "extraShots", "Extra shots must be between 0 and "
                    + catalog.maxExtraShots() + ", not " + shots);
        }
        if (shots > 0 && !item.extraShots()) {
            throw new InvalidOrder(field + "extraShots", item.nameEn() + " takes no extra shots");
        }
        String milk = choice(item.milk(), options.milk(), catalog.milks().keySet(), catalog.defaultMilk(),
                field + "milk", item.nameEn() + " is made without milk");
        String syrup = choice(item.syrup(), options.syrup(), catalog.syrups().keySet(), catalog.defaultSyrup(),
                field + "syrup", item.nameEn() + " takes no syrup");
        return new LineOptions(size, temperature, item.extraShots() ? shots : null, milk, syrup);
    }

    private static String choice(boolean takes, String asked, Set<String> known, String fallback, String field,
                                 String notTaken) {
        if (!takes) {
            if (asked != null) {
                throw new InvalidOrder(field, notTaken);
            }
            return null;
        }
        String chosen = asked == null ? fallback : asked;
        if (!known.contains(chosen)) {
            throw new InvalidOrder(field, "Unknown choice '" + chosen + "'; one of " + known);
        }
        return chosen;
    }

    @CommandHandler
    void handle(AcceptOrder command, Clock clock, DeadlineManager deadlines) {
        requireBarista(command.requester(), "accept");
        requireStatus("accepted", OrderStatus.ORDERED);
        endDeadline(deadlines, ACCEPT_DEADLINE);
        apply(new dev.brew.contracts.order.OrderAccepted(orderId, command.requester().memberId(), clock.instant()));
    }

    @CommandHandler
    void handle(MarkOrderReady command, Clock clock, OrderTimeouts timeouts, DeadlineManager deadlines) {
        requireBarista(command.requester(), "mark ready");
        requireStatus("marked ready", OrderStatus.ACCEPTED);
        String deadline = deadlines.schedule(timeouts.pickup(), PICKUP_DEADLINE,
                new OrderDeadline(OrderStatus.READY));
        apply(new OrderReady(orderId, command.requester().memberId(), clock.instant()),
                MetaData.with(DEADLINE_ID, deadline));
    }

    @CommandHandler
    void handle(HandOverOrder command, Clock clock, DeadlineManager deadlines) {
        requireBarista(command.requester(), "hand over");
        requireStatus("picked up", OrderStatus.READY);
        endDeadline(deadlines, PICKUP_DEADLINE);
        apply(new OrderPickedUp(orderId, command.requester().memberId(), clock.instant()));
    }

    /** The one-step hand-over of the old complete endpoint: records each step it skips (ADR 0900). */
    @CommandHandler
    void handle(CompleteOrder command, Clock clock, DeadlineManager deadlines) {
        requireBarista(command.requester(), "complete");
        requireStatus("completed", OrderStatus.ORDERED, OrderStatus.ACCEPTED, OrderStatus.READY);
        String barista = command.requester().memberId();
        Instant now = clock.instant();
        if (status == OrderStatus.ORDERED) {
            endDeadline(deadlines, ACCEPT_DEADLINE);
            apply(new dev.brew.contracts.order.OrderAccepted(orderId, barista, now));
        }
        if (status == OrderStatus.ACCEPTED) {
            apply(new OrderReady(orderId, barista, now));
        } else {
            endDeadline(deadlines, PICKUP_DEADLINE);
        }
        apply(new OrderPickedUp(orderId, barista, now));
    }

    @CommandHandler
    void handle(RejectOrder command, Clock clock, DeadlineManager deadlines) {
        requireBarista(command.requester(), "reject");
        requireStatus("rejected", OrderStatus.ORDERED, OrderStatus.ACCEPTED);
        if (command.reason() == null || command.reason().isBlank()) {
            throw new InvalidOrder("reason", "A rejection needs a reason the customer can read");
        }
        String reason = checkedReason(command.reason());
        if (status == OrderStatus.ORDERED) {
            endDeadline(deadlines, ACCEPT_DEADLINE);
        }
        apply(new dev.brew.contracts.order.OrderRejected(orderId, command.requester().memberId(), reason,
                clock.instant()));
    }

    @CommandHandler
    void handle(CancelOrder command, Clock clock, DeadlineManager deadlines) {
        if (!command.requester().memberId().equals(memberId)) {
            // Staff see every order, so to them the refusal may say so; another member must not learn it exists.
            if (command.requester().has(Role.BARISTA)) {
                throw new OrderActionForbidden("Only the member who placed an order can cancel it");
            }
            throw new OrderHidden(orderId);
        }
        requireStatus("cancelled", OrderStatus.ORDERED);
        String reason = command.reason() == null || command.reason().isBlank() ? "Cancelled by the customer"
                : checkedReason(command.reason());
        endDeadline(deadlines, ACCEPT_DEADLINE);
        apply(new OrderCancelled(orderId, reason, clock.instant()));
    }

    /**
     * Nobody accepted the order in time, or nobody picked it up. A deadline that finds the order moved on (its
     * cancellation raced the deadline) does nothing.
     */
    @DeadlineHandler(deadlineName = ACCEPT_DEADLINE)
    void acceptDeadlinePassed(OrderDeadline deadline, Clock clock) {
        expireIfStill(deadline, clock);
    }

    @DeadlineHandler(deadlineName = PICKUP_DEADLINE)
    void pickupDeadlinePassed(OrderDeadline deadline, Clock clock) {
        expireIfStill(deadline, clock);
    }

    private void expireIfStill(OrderDeadline deadline, Clock clock) {
        if (status == deadline.expiresWhile()) {
            apply(new OrderExpired(orderId, status, clock.instant()));
        }
    }

    /**
     * Cancels the running deadline by its schedule id: one delete by key. An order stored before the ids were kept
     * has none; its deadline is left to pass and finds the order moved on (ADR 0901).
     */
    private void endDeadline(DeadlineManager deadlines, String name) {
        if (deadlineId != null) {
            deadlines.cancelSchedule(name, deadlineId);
        }
    }

    private static void requireBarista(Requester requester, String action) {
        if (!requester.has(Role.BARISTA)) {
            throw new OrderActionForbidden("Only a barista can " + action + " an order");
        }
    }

    private static String checkedReason(String reason) {
        String stripped = reason.strip();
        if (stripped.length() > MAX_REASON_LENGTH) {
            throw new InvalidOrder("reason", "A reason has at most " + MAX_REASON_LENGTH + " characters");
        }
        return stripped;
    }

    private void requireStatus(String action, OrderStatus... allowed) {
        Set<OrderStatus> from = EnumSet.of(allowed[0], allowed);
        if (!from.contains(status)) {
            throw new OrderNotOpen(orderId, status, action, from);
        }
    }

    @EventSourcingHandler
    void on(OrderPlaced event, @MetaDataValue(DEADLINE_ID) String deadline) {
        orderId = event.orderId();
        memberId = event.memberId();
        status = OrderStatus.ORDERED;
        deadlineId = deadline;
    }

    @EventSourcingHandler
    void on(dev.brew.contracts.order.OrderAccepted event) {
        status = OrderStatus.ACCEPTED;
        deadlineId = null;
    }

    @EventSourcingHandler
    void on(OrderReady event, @MetaDataValue(DEADLINE_ID) String deadline) {
        status = OrderStatus.READY;
        deadlineId = deadline;
    }

    @EventSourcingHandler
    void on(OrderPickedUp event) {
        status = OrderStatus.PICKED_UP;
    }

    /** Stored before the counter steps: handed over (ADR 0900). */
    @EventSourcingHandler
    void on(OrderCompleted event) {
        status = OrderStatus.PICKED_UP;
    }

    @EventSourcingHandler
    void on(dev.brew.contracts.order.OrderRejected event) {
        status = OrderStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(OrderExpired event) {
        status = OrderStatus.EXPIRED;
    }

    @EventSourcingHandler
    void on(OrderCancelled event) {
        status = OrderStatus.CANCELLED;
    }
}
