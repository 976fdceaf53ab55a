package dev.brew.query.projection;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderAccepted;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.OrderRejected;
import dev.brew.contracts.order.OrderStatus;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.Date;
import java.util.List;

import static com.mongodb.client.model.Updates.addToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.max;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

/**
 * What one order event does to its order's document in the order-status view, as a single upsert.
 *
 * <p>Two rules make the projection safe under at-least-once, out-of-order and concurrent delivery:
 * <ul>
 *   <li><b>Idempotent, commutative updates</b>: each event only sets its own facts ({@code $set} of the same values),
 *   records its aggregate sequence number ({@code $addToSet applied}, {@code $max lastSequence}), and never sets a
 *   finished order back to ORDERED ({@code $setOnInsert status}). Applying an event twice, or events in any order,
 *   gives the same document. So a replay and the live projection may write the same shadow view at once, and a
 *   bulk write may be unordered.</li>
 *   <li><b>Guard by aggregate sequence number</b>: {@code applied} holds the sequence numbers already applied; the
 *   live projection reads it (the documents before its batch) to tell a duplicate or stale redelivery, which changes
 *   nothing and is not pushed to screens, from a real change.</li>
 * </ul>
 *
 * <p>Each event also keeps the query-shaped collections (ADR 0110): an order placed enters the queue and its
 * member's list ({@code $setOnInsert}, {@code $addToSet}: idempotent); an order finished leaves the queue. A
 * queue entry re-added by a late duplicate of its placement is dropped when a reader meets it. The queue holds the
 * open orders (ORDERED, ACCEPTED, READY: the barista's three columns).
 *
 * <p>The counter steps (ADR 0900) keep the updates commutative: each step sets its own time, raises {@code stage}
 * with {@code $max} (ORDERED 0, ACCEPTED 1, READY 2, ended 3), and an ending event sets {@code endedAs} (an order ends
 * once). The status shown is derived from those two ({@link OrderDocuments#toView}), so a step applied late never
 * takes an order back; {@code status} is also set, for the by-status listing. An {@code OrderCompleted} stored before
 * the counter steps reads as PICKED_UP.
 *
 * @param orderId     the document id
 * @param sequence    the event's sequence number in its Order aggregate
 * @param update      the update, safe to apply more than once
 * @param memberEntry for a placement, the order's entry in its member's list and in the queue; else null
 * @param finishes    whether the order leaves the queue
 * @param readies     whether it is the READY step (the drinks' preparation times learn from it, ADR 0903)
 */
public record ViewUpdate(String orderId, long sequence, Bson update, Document memberEntry, String memberId,
                         boolean finishes, boolean readies) {

    /** An entry's fields: the order id and what lists sort by. */
    public static final String ENTRY_ID = "id";

    /**
     * {@code {_id: orderId}} and nothing else: mongo-java-server uses the {@code _id} index only for a query on
     * exactly that key (a guard in the filter, {@code applied: {$ne: n}}, made every upsert scan the collection).
     */
    public Bson filter() {
        return new Document("_id", orderId);
    }

    public static ViewUpdate placed(OrderPlaced event, long sequence) {
        List<Document> items = event.items().stream().map(ViewUpdate::item).toList();
        Document entry = new Document(ENTRY_ID, event.orderId())
                .append(OrderDocuments.PLACED_AT, Date.from(event.placedAt()))
                .append(OrderDocuments.NUMBER, event.orderNumber());
        return new ViewUpdate(event.orderId(), sequence, combine(
                set(OrderDocuments.NUMBER, event.orderNumber()),
                set(OrderDocuments.MEMBER_ID, event.memberId()),
                set(OrderDocuments.MEMBER_NAME, event.memberName()),
                set(OrderDocuments.ITEMS, items),
                set(OrderDocuments.TOTAL, event.total()),
                set(OrderDocuments.PLACED_AT, Date.from(event.placedAt())),
                setOnInsert(OrderDocuments.STATUS, OrderStatus.ORDERED.name()),
                max(OrderDocuments.STAGE, 0),
                applied(sequence)), entry, event.memberId(), false, false);
    }

    public static ViewUpdate accepted(OrderAccepted event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.ACCEPTED, 1,
                set(OrderDocuments.ACCEPTED_AT, Date.from(event.acceptedAt())),
                set(OrderDocuments.ACCEPTED_BY, event.acceptedBy()));
    }

    public static ViewUpdate ready(OrderReady event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.READY, 2,
                set(OrderDocuments.READY_AT, Date.from(event.readyAt())));
    }

    public static ViewUpdate pickedUp(OrderPickedUp event, long sequence) {
        return end(event.orderId(), sequence, OrderStatus.PICKED_UP,
                set(OrderDocuments.COMPLETED_AT, Date.from(event.pickedUpAt())),
                set(OrderDocuments.COMPLETED_BY, event.handedOverBy()));
    }

    /** Stored before the counter steps: handed over (ADR 0900). */
    public static ViewUpdate completed(OrderCompleted event, long sequence) {
        return end(event.orderId(), sequence, OrderStatus.PICKED_UP,
                set(OrderDocuments.COMPLETED_AT, Date.from(event.completedAt())),
                set(OrderDocuments.COMPLETED_BY, event.completedBy()));
    }

    public static ViewUpdate rejected(OrderRejected event, long sequence) {
        return end(event.orderId(), sequence, OrderStatus.REJECTED,
                set(OrderDocuments.REJECTED_AT, Date.from(event.rejectedAt())),
                set(OrderDocuments.REJECT_REASON, event.reason()));
    }

    public static ViewUpdate expired(OrderExpired event, long sequence) {
        return end(event.orderId(), sequence, OrderStatus.EXPIRED,
                set(OrderDocuments.EXPIRED_AT, Date.from(event.expiredAt())),
                set(OrderDocuments.EXPIRED_WHILE, event.expiredWhile() == null ? null : event.expiredWhile().name()));
    }

    public static ViewUpdate cancelled(OrderCancelled event, long sequence) {
        return end(event.orderId(), sequence, OrderStatus.CANCELLED,
                set(OrderDocuments.CANCELLED_AT, Date.from(event.cancelledAt())),
                set(OrderDocuments.CANCEL_REASON, event.reason()));
    }

    private static ViewUpdate step(String orderId, long sequence, OrderStatus status, int stage, Bson... facts) {
        List<Bson> updates = new java.util.ArrayList<>(List.of(facts));
        updates.add(set(OrderDocuments.STATUS, status.name()));
        updates.add(max(OrderDocuments.STAGE, stage));
        updates.add(applied(sequence));
        return new ViewUpdate(orderId, sequence, combine(updates), null, null, false, status == OrderStatus.READY);
    }

    private static ViewUpdate end(String orderId, long sequence, OrderStatus status, Bson... facts) {
        List<Bson> updates = new java.util.ArrayList<>(List.of(facts));
        updates.add(set(OrderDocuments.STATUS, status.name()));
        updates.add(set(OrderDocuments.ENDED_AS, status.name()));
        updates.add(max(OrderDocuments.STAGE, 3));
        updates.add(applied(sequence));
        return new ViewUpdate(orderId, sequence, combine(updates), null, null, true, false);
    }

    private static Bson applied(long sequence) {
        return combine(addToSet(OrderDocuments.APPLIED, sequence), max(OrderDocuments.LAST_SEQUENCE, sequence));
    }

    private static Document item(OrderItem item) {
        Document document = new Document("menuCode", item.menuCode())
                .append("name", item.name())
                .append("quantity", item.quantity())
                .append("unitPrice", item.unitPrice())
                .append("linePrice", item.linePrice());
        LineOptions options = item.options();
        if (options != null) {
            document.append("options", new Document("size", options.size())
                    .append("temperature", options.temperature())
                    .append("extraShots", options.extraShots())
                    .append("milk", options.milk())
                    .append("syrup", options.syrup()));
        }
        return document;
    }
}
