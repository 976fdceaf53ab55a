package dev.brew.contracts.order;

import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;

/** An order was accepted: it is now in the barista queue under {@code orderNumber}. */
@Revision("1")
public record OrderPlaced(String orderId,
                          int orderNumber,
                          String memberId,
                          String memberName,
                          List<OrderItem> items,
                          long total,
                          Instant placedAt) {

    public OrderPlaced {
        items = List.copyOf(items);
    }
}
