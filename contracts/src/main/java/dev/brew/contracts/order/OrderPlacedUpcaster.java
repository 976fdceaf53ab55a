package dev.brew.contracts.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads an {@link OrderPlaced} of revision 1 (before drink options) as revision 2: each item gets {@code options:
 * null} (made as the menu made it then) and {@code linePrice = unitPrice × quantity}. Nothing stored is rewritten:
 * the event store and the topic keep revision 1; every reader (the event store's, and each Kafka consumer's message
 * converter) upcasts it as it reads. Registered as a Spring bean in each service that reads order events, Axon puts
 * it in both chains (docs/adr/0902-drink-options-and-order-placed-revision-2.md).
 */
public class OrderPlacedUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(OrderPlaced.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(OrderPlaced.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, OrderPlacedUpcaster::toRevision2);
    }

    static JsonNode toRevision2(JsonNode payload) {
        if (payload instanceof ObjectNode event && event.get("items") != null) {
            for (JsonNode item : event.get("items")) {
                if (item instanceof ObjectNode line) {
                    line.putNull("options");
                    line.put("linePrice", line.path("unitPrice").asLong() * line.path("quantity").asLong());
                }
            }
        }
        return payload;
    }
}
