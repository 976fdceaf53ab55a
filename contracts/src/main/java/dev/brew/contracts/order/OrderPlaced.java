package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/**
 * An order was accepted: it is now in the barista queue under {@code orderNumber}.
 *
 * <p>{@code reward} is null unless the member applied a loyalty reward; {@code total} is then what is left to pay.
 * It was added later as an optional field, so it stayed revision 1: events stored before it read as no reward, and
 * readers that do not know it ignore it (events are read tolerantly).
 *
 * <p>Revision 2 (docs/adr/0902-drink-options-and-order-placed-revision-2.md): each item carries its options and its
 * line price. Revision-1 events, in the event store and on the Kafka topic, are read through
 * {@link OrderPlacedUpcaster}, on every path that reads them.
 */
@Revision("2")
public record OrderPlaced(String orderId,
                          int orderNumber,
                          String memberId,
                          String memberName,
                          List<OrderItem> items,
                          long total,
                          Instant placedAt,
                          OrderReward reward) {

    public OrderPlaced {
        items = List.copyOf(items);
    }

    /** An order without a reward. */
    public OrderPlaced(String orderId, int orderNumber, String memberId, String memberName, List<OrderItem> items,
                       long total, Instant placedAt) {
        this(orderId, orderNumber, memberId, memberName, items, total, placedAt, null);
    }
}
