package dev.brew.query.projection;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderPlaced;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;

/**
 * The live projection: every order event from Kafka updates the active order-status view (and the version a
 * replay is building, if any), and each real change goes to the change log that feeds live screens. Duplicates and
 * stale redeliveries change nothing and log nothing (see {@link ViewUpdate}).
 *
 * <p>{@code brew_projection_lag_seconds{processor="order-status"}} (a histogram) is how long after the event was
 * stored on the command side its change reached the view: publication, Kafka and this projection together.
 */
@Component
@ProcessingGroup(OrderStatusProjection.PROCESSING_GROUP)
public class OrderStatusProjection {

    public static final String PROCESSING_GROUP = "order-status";
    private static final String POINTER_RESOURCE = OrderStatusProjection.class.getName() + ".pointer";

    private final ViewVersions versions;
    private final OrderChangeLog changeLog;
    private final Timer lag;

    public OrderStatusProjection(ViewVersions versions, OrderChangeLog changeLog, MeterRegistry registry) {
        this.versions = versions;
        this.changeLog = changeLog;
        this.lag = Timer.builder("brew.projection.lag")
                .description("Time from an event stored on the command side to its change in the view")
                .tag("processor", PROCESSING_GROUP)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    @EventHandler
    public void on(OrderPlaced event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.placed(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderCompleted event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.completed(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderCancelled event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.cancelled(event, sequence), storedAt);
    }

    private void project(ViewUpdate update, Instant storedAt) {
        project(update);
        lag.record(Duration.between(storedAt, Instant.now()));
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
