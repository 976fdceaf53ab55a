package dev.brew.query.projection;

import dev.brew.contracts.order.LineOptions;
import dev.brew.contracts.order.OrderItem;
import dev.brew.contracts.order.OrderStatus;
import dev.brew.query.model.OrderView;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/** The field names of an order-status document, and its mapping to {@link OrderView}. */
public final class OrderDocuments {

    public static final String NUMBER = "orderNumber";
    public static final String MEMBER_ID = "memberId";
    public static final String MEMBER_NAME = "memberName";
    public static final String ITEMS = "items";
    public static final String TOTAL = "total";
    public static final String STATUS = "status";
    public static final String PLACED_AT = "placedAt";
    public static final String COMPLETED_AT = "completedAt";
    public static final String COMPLETED_BY = "completedBy";
    public static final String CANCELLED_AT = "cancelledAt";
    public static final String CANCEL_REASON = "cancelReason";
    public static final String ACCEPTED_AT = "acceptedAt";
    public static final String ACCEPTED_BY = "acceptedBy";
    public static final String READY_AT = "readyAt";
    public static final String REJECTED_AT = "rejectedAt";
    public static final String REJECT_REASON = "rejectReason";
    public static final String EXPIRED_AT = "expiredAt";
    public static final String EXPIRED_WHILE = "expiredWhile";
    /** How far the order got: ORDERED 0, ACCEPTED 1, READY 2, ended 3 (raised with $max: commutative). */
    public static final String STAGE = "stage";
    /** The status an order ended in (set once: an order ends once). */
    public static final String ENDED_AS = "endedAs";
    public static final String LAST_SEQUENCE = "lastSequence";
    /** The aggregate sequence numbers already applied: the idempotency guard. */
    public static final String APPLIED = "applied";

    private OrderDocuments() {
    }

    public static OrderView toView(Document document) {
        List<Document> items = document.getList(ITEMS, Document.class, List.of());
        return new OrderView(
                document.getString("_id"),
                document.getInteger(NUMBER, 0),
                document.getString(MEMBER_ID),
                document.getString(MEMBER_NAME),
                items.stream().map(OrderDocuments::item).toList(),
                number(document.get(TOTAL)),
                status(document),
                instant(document.getDate(PLACED_AT)),
                instant(document.getDate(COMPLETED_AT)),
                document.getString(COMPLETED_BY),
                instant(document.getDate(CANCELLED_AT)),
                document.getString(CANCEL_REASON),
                number(document.get(LAST_SEQUENCE)),
                instant(document.getDate(ACCEPTED_AT)),
                document.getString(ACCEPTED_BY),
                instant(document.getDate(READY_AT)),
                instant(document.getDate(REJECTED_AT)),
                document.getString(REJECT_REASON),
                instant(document.getDate(EXPIRED_AT)),
                document.getString(EXPIRED_WHILE));
    }

    /**
     * The status from the commutative fields ({@code endedAs}, else {@code stage}), so a step applied late never takes
     * an order back; a document written before them has only {@code status} (its DONE, from before the counter steps,
     * reads as PICKED_UP: ADR 0900).
     */
    public static OrderStatus status(Document document) {
        String ended = document.getString(ENDED_AS);
        if (ended != null) {
            return OrderStatus.valueOf(ended);
        }
        Object stage = document.get(STAGE);
        if (stage instanceof Number n) {
            return switch (n.intValue()) {
                case 0 -> OrderStatus.ORDERED;
                case 1 -> OrderStatus.ACCEPTED;
                default -> OrderStatus.READY;
            };
        }
        String status = document.getString(STATUS);
        if (status == null) {
            return null;
        }
        return "DONE".equals(status) ? OrderStatus.PICKED_UP : OrderStatus.valueOf(status);
    }

    /** A queue entry's step: 0 ORDERED, 1 ACCEPTED, 2 READY, 3 ended (ViewWriter); none yet reads as 0. */
    public static int stage(Document entry) {
        return entry.get(STAGE) instanceof Number n ? n.intValue() : 0;
    }

    /** Whether a queue entry's order has ended: kept only while a replay built its version, skipped by readers. */
    public static boolean ended(Document entry) {
        return stage(entry) >= ViewUpdate.ENDED;
    }

    private static OrderItem item(Document i) {
        long unitPrice = number(i.get("unitPrice"));
        int quantity = i.getInteger("quantity", 0);
        Document o = i.get("options", Document.class);
        LineOptions options = o == null ? null : new LineOptions(o.getString("size"), o.getString("temperature"),
                o.getInteger("extraShots"), o.getString("milk"), o.getString("syrup"));
        long linePrice = i.get("linePrice") instanceof Number n ? n.longValue() : unitPrice * quantity;
        return new OrderItem(i.getString("menuCode"), i.getString("name"), quantity, unitPrice, options, linePrice);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
