package dev.brew.query.projection;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderAccepted;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.OrderRejected;
import dev.brew.query.query.OrderChange;
import dev.brew.query.query.OrderChangeFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The live projection: every order event from Kafka updates the active order-status view (and the version a
 * replay is building, if any), and each real change is then published to the topic that feeds live screens
 * (ADR 0111). Duplicates and stale redeliveries change nothing and publish nothing (see {@link ViewUpdate}).
 *
 * <p>The events of a processor batch are gathered and written together when its last event is handled: a few
 * round trips per batch instead of four per event (see {@link #write}). An order changed more than once in a batch
 * is published once, in its newest state. A MongoDB outage is waited out inside the write ({@link MongoOutageRetry}), so
 * the view goes on within a second of MongoDB's return.
 *
 * <p>{@code brew_projection_lag_seconds{processor="order-status"}} (a histogram) is how long after the event was
 * stored on the command side its change reached the view: publication, Kafka and this projection together.
 */
@Component
@ProcessingGroup(OrderStatusProjection.PROCESSING_GROUP)
public class OrderStatusProjection {

    public static final String PROCESSING_GROUP = "order-status";
    private static final String POINTER_RESOURCE = OrderStatusProjection.class.getName() + ".pointer";
    private static final String BATCH_RESOURCE = OrderStatusProjection.class.getName() + ".batch";

    private final ViewVersions versions;
    private final Consumer<List<OrderChange>> changes;
    private final MongoOutageRetry retry;
    private final Timer lag;

    @Autowired
    public OrderStatusProjection(ViewVersions versions, OrderChangeFeed feed, MongoOutageRetry retry,
                                 MeterRegistry registry) {
        this(versions, feed::publish, retry, registry);
    }

    /** @param changes where real changes go, after the view is written (the feed's {@code publish}) */
    public OrderStatusProjection(ViewVersions versions, Consumer<List<OrderChange>> changes, MongoOutageRetry retry,
                                 MeterRegistry registry) {
        this.versions = versions;
        this.changes = changes;
        this.retry = retry;
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
    public void on(OrderAccepted event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.accepted(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderReady event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.ready(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderPickedUp event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.pickedUp(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderRejected event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.rejected(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderExpired event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.expired(event, sequence), storedAt);
    }

    /** Stored before the counter steps: reads as PICKED_UP (ADR 0900). */
    @EventHandler
    public void on(OrderCompleted event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.completed(event, sequence), storedAt);
    }

    @EventHandler
    public void on(OrderCancelled event, @SequenceNumber long sequence, @Timestamp Instant storedAt) {
        project(ViewUpdate.cancelled(event, sequence), storedAt);
    }

    private void project(ViewUpdate update, Instant storedAt) {
        Pending pending = new Pending(update, OrderChangeFeed.currentTraceparent(), storedAt);
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) {
            batch.getOrComputeResource(BATCH_RESOURCE, k -> new ArrayList<Pending>()).add(pending);
            if (batch.isLastMessage()) {
                flushBatch();
            }
        } else {
            write(List.of(pending));
        }
    }

    /**
     * Writes what the current batch has gathered. Called when the batch's last event is handled (by the handler,
     * and by {@link #flushingInterceptor()} in case the last event was not one of this projection's), so that a
     * failed write fails the batch before the processor stores its token: nothing is skipped.
     */
    public void flushBatch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        List<Pending> batch = CurrentUnitOfWork.get().root().getResource(BATCH_RESOURCE);
        if (batch == null || batch.isEmpty()) {
            return;
        }
        write(List.copyOf(batch));
        batch.clear();
    }

    /** The processor's interceptor that flushes each batch at its last event, whichever handler took it. */
    public MessageHandlerInterceptor<EventMessage<?>> flushingInterceptor() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
                flushBatch();
            }
            return result;
        };
    }

    /**
     * One batch in a handful of round trips, whatever its size: the active view (read before, bulk writes, read
     * after), the version a replay builds (bulk writes), then the changes published in one go.
     */
    private void write(List<Pending> batch) {
        ViewVersions.Pointer pointer = pointer();
        List<ViewUpdate> updates = batch.stream().map(Pending::update).toList();
        List<ViewWriter.Changed> changed =
                ViewWriter.applyAllReturning(versions.view(pointer.active()), updates, retry);
        if (pointer.building() != null) {
            retry.run("writing a batch into the view being rebuilt",
                    () -> ViewWriter.applyAll(versions.view(pointer.building()), updates));
        }
        changes.accept(changed.stream().map(c -> new OrderChange(0, OrderChange.Type.ORDER,
                OrderDocuments.toView(c.after()), batch.get(c.index()).traceparent())).toList());
        Instant now = Instant.now();
        batch.forEach(p -> lag.record(Duration.between(p.storedAt(), now)));
    }

    private record Pending(ViewUpdate update, String traceparent, Instant storedAt) {
    }

    /**
     * The pointer is read once per batch, when the batch starts: every event in the batch was already on the topic
     * then. So an event appended after a replay captured the topic's end offsets is always written into the
     * version that replay builds.
     */
    private ViewVersions.Pointer pointer() {
        if (!CurrentUnitOfWork.isStarted()) {
            return retry.call("reading the view pointer", () -> versions.refresh());
        }
        return CurrentUnitOfWork.get().root().getOrComputeResource(POINTER_RESOURCE,
                k -> retry.call("reading the view pointer", () -> versions.refresh()));
    }
}
