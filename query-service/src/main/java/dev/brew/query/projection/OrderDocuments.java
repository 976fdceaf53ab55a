package dev.brew.query.projection;

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
    public static final String LAST_SEQUENCE = "lastSequence";
    /** The aggregate sequence numbers already applied: the idempotency guard. */
    public static final String APPLIED = "applied";

    private OrderDocuments() {
    }

    public static OrderView toView(Document document) {
        List<Document> items = document.getList(ITEMS, Document.class, List.of());
        String status = document.getString(STATUS);
        return new OrderView(
                document.getString("_id"),
                document.getInteger(NUMBER, 0),
                document.getString(MEMBER_ID),
                document.getString(MEMBER_NAME),
                items.stream().map(i -> new OrderItem(i.getString("menuCode"), i.getString("name"),
                        i.getInteger("quantity", 0), number(i.get("unitPrice")))).toList(),
                number(document.get(TOTAL)),
                status == null ? null : OrderStatus.valueOf(status),
                instant(document.getDate(PLACED_AT)),
                instant(document.getDate(COMPLETED_AT)),
                document.getString(COMPLETED_BY),
                instant(document.getDate(CANCELLED_AT)),
                document.getString(CANCEL_REASON),
                number(document.get(LAST_SEQUENCE)));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
