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

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TreeSet;

import static com.mongodb.client.model.Updates.addEachToSet;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.max;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;

/**
 * What one order event (or several events of one order, {@link #merge merged}) does to its order's document in the
 * order-status view, as a single upsert.
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
 * member's orders ({@code $setOnInsert}, {@code $addToSet}: idempotent; {@link MemberOrders}); an order finished
 * leaves the queue. A queue entry re-added by a late duplicate of its placement is dropped when a reader meets it.
 * The queue holds the open orders (ORDERED, ACCEPTED, READY: the barista's three columns).
 *
 * <p>The counter steps (ADR 0900) keep the updates commutative: each step sets its own time, raises {@code stage}
 * with {@code $max} (ORDERED 0, ACCEPTED 1, READY 2, ended 3), and an ending event sets {@code endedAs} (an order ends
 * once). The status shown is derived from those two ({@link OrderDocuments#toView}), so a step applied late never
 * takes an order back; {@code status} is also set, for the by-status listing. An {@code OrderCompleted} stored before
 * the counter steps reads as PICKED_UP.
 *
 * <p>Because the updates commute, the events of one order in a batch fold into one update ({@link #merge}): the
 * same document as applying them one by one, in one write instead of one per event (a replay's placement and
 * completion of an order are usually in the same batch).
 *
 * @param orderId     the document id
 * @param sequences   the sequence numbers in its Order aggregate of the events it holds
 * @param facts       the fields the events set, each to a value fixed by its event
 * @param status      the status of its furthest step
 * @param stage       its furthest step: 0 ORDERED, 1 ACCEPTED, 2 READY, 3 ended
 */
public record ViewUpdate(String orderId, TreeSet<Long> sequences, Document facts, OrderStatus status, int stage) {

    /** An entry's fields: the order id and what lists sort by. */
    public static final String ENTRY_ID = "id";
    /** The stage of an order that ended (picked up, rejected, cancelled, expired). */
    public static final int ENDED = 3;

    /** The step an order in this status has reached: 0 ORDERED, 1 ACCEPTED, 2 READY, 3 ended. */
    public static int stageOf(OrderStatus status) {
        return status.isFinal() ? ENDED : status.ordinal();
    }

    /** The sequence number of its (newest) event. */
    public long sequence() {
        return sequences.last();
    }

    /** For a placement, the order's entry in its member's orders (what "my orders" sorts by); else null. */
    public Document memberEntry() {
        return memberId() == null ? null : new Document(ENTRY_ID, orderId)
                .append(OrderDocuments.PLACED_AT, facts.get(OrderDocuments.PLACED_AT))
                .append(OrderDocuments.NUMBER, facts.get(OrderDocuments.NUMBER));
    }

    /** For a placement, its member; else null. */
    public String memberId() {
        return facts.getString(OrderDocuments.MEMBER_ID);
    }

    /** Whether it holds the READY step (the drinks' preparation times learn from it, ADR 0903). */
    public boolean readies() {
        return facts.containsKey(OrderDocuments.READY_AT);
    }

    /** Whether the order leaves the queue. */
    public boolean finishes() {
        return stage == ENDED;
    }

    /** Whether it holds the order's placement, whose document it can write whole ({@link #applyTo applyTo(null)}). */
    public boolean places() {
        return facts.containsKey(OrderDocuments.PLACED_AT);
    }

    /**
     * {@code {_id: orderId}} and nothing else: mongo-java-server uses the {@code _id} index only for a query on
     * exactly that key (a guard in the filter, {@code applied: {$ne: n}}, made every upsert scan the collection).
     */
    public Bson filter() {
        return new Document("_id", orderId);
    }

    /** The upsert: its facts, the status of its furthest step, and its sequence numbers recorded. */
    public Bson update() {
        List<Bson> updates = new ArrayList<>();
        facts.forEach((field, value) -> updates.add(set(field, value)));
        updates.add(stage == 0 ? setOnInsert(OrderDocuments.STATUS, status.name())
                : set(OrderDocuments.STATUS, status.name()));
        if (finishes()) {
            updates.add(set(OrderDocuments.ENDED_AS, status.name()));
        }
        updates.add(max(OrderDocuments.STAGE, stage));
        updates.add(addEachToSet(OrderDocuments.APPLIED, List.copyOf(sequences)));
        updates.add(max(OrderDocuments.LAST_SEQUENCE, sequence()));
        return combine(updates);
    }

    /**
     * The document {@link #update()} leaves when MongoDB applies it to {@code before} (null: the upsert inserts), so
     * the writer knows what it wrote without reading it back.
     */
    public Document applyTo(Document before) {
        Document after = before == null ? new Document("_id", orderId) : new Document(before);
        after.putAll(facts);
        if (stage != 0 || before == null) {
            after.put(OrderDocuments.STATUS, status.name());
        }
        if (finishes()) {
            after.put(OrderDocuments.ENDED_AS, status.name());
        }
        after.put(OrderDocuments.STAGE, Math.max(stage, after.get(OrderDocuments.STAGE) instanceof Number n
                ? n.intValue() : Integer.MIN_VALUE));
        List<Object> applied = new ArrayList<>(after.getList(OrderDocuments.APPLIED, Object.class, List.of()));
        sequences.stream().filter(s -> applied.stream().noneMatch(a -> a instanceof Number n && n.longValue() == s))
                .forEach(applied::add);
        after.put(OrderDocuments.APPLIED, applied);
        after.put(OrderDocuments.LAST_SEQUENCE, Math.max(sequence(), after.get(OrderDocuments.LAST_SEQUENCE)
                instanceof Number n ? n.longValue() : Long.MIN_VALUE));
        return after;
    }

    /** This update and a later one of the same order as one: what applying both in turn does. */
    public ViewUpdate merge(ViewUpdate later) {
        TreeSet<Long> both = new TreeSet<>(sequences);
        both.addAll(later.sequences);
        Document facts = new Document(this.facts);
        facts.putAll(later.facts);
        boolean laterLeads = later.stage >= stage;
        return new ViewUpdate(orderId, both, facts, laterLeads ? later.status : status, Math.max(stage, later.stage));
    }

    public static ViewUpdate placed(OrderPlaced event, long sequence) {
        Document facts = new Document(OrderDocuments.NUMBER, event.orderNumber())
                .append(OrderDocuments.MEMBER_ID, event.memberId())
                .append(OrderDocuments.MEMBER_NAME, event.memberName())
                .append(OrderDocuments.ITEMS, event.items().stream().map(ViewUpdate::item).toList())
                .append(OrderDocuments.TOTAL, event.total())
                .append(OrderDocuments.PLACED_AT, Date.from(event.placedAt()));
        return new ViewUpdate(event.orderId(), sequences(sequence), facts, OrderStatus.ORDERED, 0);
    }

    public static ViewUpdate accepted(OrderAccepted event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.ACCEPTED, 1, new Document(
                OrderDocuments.ACCEPTED_AT, Date.from(event.acceptedAt())).append(OrderDocuments.ACCEPTED_BY,
                event.acceptedBy()));
    }

    public static ViewUpdate ready(OrderReady event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.READY, 2,
                new Document(OrderDocuments.READY_AT, Date.from(event.readyAt())));
    }

    public static ViewUpdate pickedUp(OrderPickedUp event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.PICKED_UP, ENDED, new Document(
                OrderDocuments.COMPLETED_AT, Date.from(event.pickedUpAt())).append(OrderDocuments.COMPLETED_BY,
                event.handedOverBy()));
    }

    /** Stored before the counter steps: handed over (ADR 0900). */
    public static ViewUpdate completed(OrderCompleted event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.PICKED_UP, ENDED, new Document(
                OrderDocuments.COMPLETED_AT, Date.from(event.completedAt())).append(OrderDocuments.COMPLETED_BY,
                event.completedBy()));
    }

    public static ViewUpdate rejected(OrderRejected event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.REJECTED, ENDED, new Document(
                OrderDocuments.REJECTED_AT, Date.from(event.rejectedAt()))
                .append(OrderDocuments.REJECT_REASON, event.reason()));
    }

    public static ViewUpdate expired(OrderExpired event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.EXPIRED, ENDED, new Document(
                OrderDocuments.EXPIRED_AT, Date.from(event.expiredAt()))
                .append(OrderDocuments.EXPIRED_WHILE, event.expiredWhile() == null ? null
                        : event.expiredWhile().name()));
    }

    public static ViewUpdate cancelled(OrderCancelled event, long sequence) {
        return step(event.orderId(), sequence, OrderStatus.CANCELLED, ENDED, new Document(
                OrderDocuments.CANCELLED_AT, Date.from(event.cancelledAt()))
                .append(OrderDocuments.CANCEL_REASON, event.reason()));
    }

    private static ViewUpdate step(String orderId, long sequence, OrderStatus status, int stage,
                                   Document facts) {
        return new ViewUpdate(orderId, sequences(sequence), facts, status, stage);
    }

    private static TreeSet<Long> sequences(long sequence) {
        TreeSet<Long> sequences = new TreeSet<>();
        sequences.add(sequence);
        return sequences;
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
