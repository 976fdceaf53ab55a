package dev.brew.contracts.order;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The optional reward on OrderPlaced: events stored before it existed still read, and newer ones keep it. */
class OrderPlacedCompatibilityTest {

    // As the services' event serializer is set up: tolerant of unknown properties.
    static final ObjectMapper EVENTS = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void an_order_placed_stored_before_rewards_existed_reads_as_an_order_without_a_reward() throws Exception {
        String stored = """
                {"orderId":"o-1","orderNumber":7,"memberId":"m-1","memberName":"kim",
                 "items":[{"menuCode":"CAFE_LATTE","name":"Caffè Latte","quantity":2,"unitPrice":5000}],
                 "total":10000,"placedAt":"2026-11-25T01:02:03Z"}""";

        OrderPlaced event = EVENTS.readValue(stored, OrderPlaced.class);

        assertThat(event.reward()).isNull();
        assertThat(event.total()).isEqualTo(10000);
        assertThat(event.items()).singleElement().extracting(OrderItem::quantity).isEqualTo(2);
    }

    @Test
    void an_order_placed_with_a_reward_keeps_it_through_a_round_trip() throws Exception {
        OrderPlaced event = new OrderPlaced("o-2", 8, "m-1", "kim",
                List.of(new OrderItem("AMERICANO", "Americano", 1, 4500)), 0, Instant.parse("2026-11-25T01:02:03Z"),
                new OrderReward("r-1", 4500));

        OrderPlaced read = EVENTS.readValue(EVENTS.writeValueAsString(event), OrderPlaced.class);

        assertThat(read).isEqualTo(event);
    }

    @Test
    void a_reader_that_predates_the_reward_ignores_it() throws Exception {
        String newer = EVENTS.writeValueAsString(new OrderPlaced("o-3", 9, "m-1", "kim",
                List.of(new OrderItem("AMERICANO", "Americano", 1, 4500)), 0, Instant.parse("2026-11-25T01:02:03Z"),
                new OrderReward("r-1", 4500)));

        OldOrderPlaced read = EVENTS.readValue(newer, OldOrderPlaced.class);

        assertThat(read.orderId()).isEqualTo("o-3");
    }

    /** OrderPlaced's shape before the reward was added. */
    record OldOrderPlaced(String orderId, int orderNumber, String memberId, String memberName, List<OrderItem> items,
                          long total, Instant placedAt) {
    }
}
