package dev.brew.contracts.order;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.brew.contracts.order.OrderPlacedCompatibilityTest.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

/** Revision 1 of OrderPlaced (before drink options) reads as revision 2: no options, its line price computed. */
class OrderPlacedUpcasterTest {

    @Test
    void a_revision_1_order_placed_gets_each_lines_price_and_no_options() throws Exception {
        String revision1 = """
                {"orderId":"o-1","orderNumber":7,"memberId":"m-1","memberName":"kim",
                 "items":[{"menuCode":"CAFE_LATTE","name":"Caffè Latte","quantity":2,"unitPrice":5000},
                          {"menuCode":"AMERICANO","name":"Americano","quantity":1,"unitPrice":4500}],
                 "total":14500,"placedAt":"2026-11-25T01:02:03Z"}""";

        JsonNode upcast = OrderPlacedUpcaster.toRevision2(EVENTS.readTree(revision1));
        OrderPlaced event = EVENTS.treeToValue(upcast, OrderPlaced.class);

        assertThat(event.items()).containsExactly(
                new OrderItem("CAFE_LATTE", "Caffè Latte", 2, 5000, null, 10_000),
                new OrderItem("AMERICANO", "Americano", 1, 4500, null, 4500));
        assertThat(event.items().stream().mapToLong(OrderItem::lineTotal).sum()).isEqualTo(event.total());
    }

    @Test
    void a_revision_2_order_placed_keeps_its_options_through_a_round_trip() throws Exception {
        OrderPlaced event = new OrderPlaced("o-2", 8, "m-1", "kim", List.of(new OrderItem("CAFE_LATTE",
                "Caffè Latte", 1, 7100, new LineOptions("VENTI", "ICED", 1, "OAT", "NONE"), 7100)), 7100,
                Instant.parse("2026-11-25T01:02:03Z"));

        assertThat(EVENTS.readValue(EVENTS.writeValueAsString(event), OrderPlaced.class)).isEqualTo(event);
    }
}
