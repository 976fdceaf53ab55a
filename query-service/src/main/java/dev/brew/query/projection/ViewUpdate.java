package dev.brew.query.projection;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderStatus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.Date;
import java.util.List;
import java.util.Optional;

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
 * queue entry re-added by a late duplicate of its placement is dropped when a reader meets it.
 *
 * @param orderId     the document id
 * @param sequence    the event's sequence number in its Order aggregate
 * @param update      the update, safe to apply more than once
 * @param memberEntry for a placement, the order's entry in its member's list and in the queue; else null
 * @param finishes    whether the order leaves the queue
 */
public record ViewUpdate(String orderId, long sequence, Bson update, Document memberEntry, String memberId,
                         boolean finishes) {

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
                applied(sequence)), entry, event.memberId(), false);
    }

    public static ViewUpdate completed(OrderCompleted event, long sequence) {
        return new ViewUpdate(event.orderId(), sequence, combine(
                set(OrderDocuments.STATUS, OrderStatus.DONE.name()),
                set(OrderDocuments.COMPLETED_AT, Date.from(event.completedAt())),
                set(OrderDocuments.COMPLETED_BY, event.completedBy()),
                applied(sequence)), null, null, true);
    }

    public static ViewUpdate cancelled(OrderCancelled event, long sequence) {
        return new ViewUpdate(event.orderId(), sequence, combine(
                set(OrderDocuments.STATUS, OrderStatus.CANCELLED.name()),
                set(OrderDocuments.CANCELLED_AT, Date.from(event.cancelledAt())),
                set(OrderDocuments.CANCEL_REASON, event.reason()),
                applied(sequence)), null, null, true);
    }

    /** The update for any order event message, or empty for anything the view does not show. */
    public static Optional<ViewUpdate> of(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> domainEvent)) {
            return Optional.empty();
        }
        long sequence = domainEvent.getSequenceNumber();
        Object payload = message.getPayload();
        if (payload instanceof OrderPlaced placed) {
            return Optional.of(placed(placed, sequence));
        }
        if (payload instanceof OrderCompleted completed) {
            return Optional.of(completed(completed, sequence));
        }
        if (payload instanceof OrderCancelled cancelled) {
            return Optional.of(cancelled(cancelled, sequence));
        }
        return Optional.empty();
    }

    private static Bson applied(long sequence) {
        return combine(addToSet(OrderDocuments.APPLIED, sequence), max(OrderDocuments.LAST_SEQUENCE, sequence));
    }

    private static Document item(OrderItem item) {
        return new Document("menuCode", item.menuCode())
                .append("name", item.name())
                .append("quantity", item.quantity())
                .append("unitPrice", item.unitPrice());
    }
}
