package dev.brew.query.projection;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderPlaced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The live projection: every order event from Kafka updates the active order-status view (and the version a
 * replay is building, if any), and each real change goes to the change log that feeds live screens. Duplicates and
 * stale redeliveries change nothing and log nothing (see {@link ViewUpdate}).
 */
@Component
@ProcessingGroup(OrderStatusProjection.PROCESSING_GROUP)
public class OrderStatusProjection {

    public static final String PROCESSING_GROUP = "order-status";
    private static final String POINTER_RESOURCE = OrderStatusProjection.class.getName() + ".pointer";

    private final ViewVersions versions;
    private final OrderChangeLog changeLog;

    public OrderStatusProjection(ViewVersions versions, OrderChangeLog changeLog) {
        this.versions = versions;
        this.changeLog = changeLog;
    }

    @EventHandler
    public void on(OrderPlaced event, @SequenceNumber long sequence) {
        project(ViewUpdate.placed(event, sequence));
    }

    @EventHandler
    public void on(OrderCompleted event, @SequenceNumber long sequence) {
        project(ViewUpdate.completed(event, sequence));
    }

    @EventHandler
    public void on(OrderCancelled event, @SequenceNumber long sequence) {
        project(ViewUpdate.cancelled(event, sequence));
    }

    void project(ViewUpdate update) {
        ViewVersions.Pointer pointer = pointer();
        Document after = ViewWriter.applyReturning(versions.collection(pointer.active()), update);
        if (pointer.building() != null) {
            ViewWriter.apply(versions.collection(pointer.building()), update);
        }
        if (after != null) {
            changeLog.appendOrder(after);
        }
    }

    /**
     * The pointer is read once per batch, when the batch starts: every event in the batch was already on the topic
     * then. So an event appended after a replay captured the topic's end offsets is always written into the
     * version that replay builds.
     */
    private ViewVersions.Pointer pointer() {
        if (!CurrentUnitOfWork.isStarted()) {
            return versions.refresh();
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(POINTER_RESOURCE, k -> versions.refresh());
    }
}
