package dev.brew.query.projection;

import dev.brew.contracts.order.OrderCancelled;
import dev.brew.contracts.order.OrderAccepted;
import dev.brew.contracts.order.OrderCompleted;
import dev.brew.contracts.order.OrderExpired;
import dev.brew.contracts.order.OrderPickedUp;
import dev.brew.contracts.order.OrderPlaced;
import dev.brew.contracts.order.OrderReady;
import dev.brew.contracts.order.OrderRejected;
import dev.brew.query.model.OrderChange;
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
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Consumer;

/**
 * The order-status projection, as two instances of one class: the live one (processing group
 * {@value #PROCESSING_GROUP}) writes every order event into the active view and the version a replay is building, if
 * any, and publishes each real change to the topic that feeds live screens (ADR 0111); the replay's one
 * ({@value #REPLAY_GROUP}, see {@link #rebuilding}) writes only into the version being rebuilt (ADR 0113).
 * Duplicates and stale redeliveries change nothing and publish nothing (see {@link ViewUpdate}).
 *
 * <p>One batching mechanism for both: a handler only turns its event into a {@link ViewUpdate} and adds it to the
 * processor's batch (Axon's batch size, a unit-of-work resource); {@link #flushingInterceptor()} writes the batch in
 * one bulk write per collection after its last event, before the processor stores its token. So an event the
 * projection cannot handle fails alone (and is parked, ADR 0112), a failed write fails the batch, which the processor
 * retries, and a MongoDB outage is waited out inside the write ({@link MongoOutageRetry}). An order changed more than
 * once in a batch is published once, in its newest state.
 *
 * <p>{@code brew_projection_lag_seconds{processor="order-status"}} (a histogram) is how long after the event was
 * stored on the command side its change reached the view: publication, Kafka and this projection together.
 */
@Component
@ProcessingGroup(OrderStatusProjection.PROCESSING_GROUP)
public class OrderStatusProjection {

    public static final String PROCESSING_GROUP = "order-status";
    public static final String REPLAY_GROUP = "order-status-replay";
    private static final String POINTER_RESOURCE = OrderStatusProjection.class.getName() + ".pointer";
    private static final String BATCH_RESOURCE = OrderStatusProjection.class.getName() + ".batch";

    private final ViewVersions versions;
    /** Where real changes go after the view is written; null for the replay's instance. */
    private final Consumer<List<OrderChange>> changes;
    /** The replay this instance rebuilds for; only the replay's instance has one. */
    private final Rebuild rebuild;
    /** The drinks' preparation times, learnt from the live projection's READY changes; null for none. */
    private final PrepTimes prepTimes;
    private final MongoOutageRetry retry;
    private final Timer lag;
    /** Changes written whose publication failed; published first next time (see {@link #announce}). */
    private final List<OrderChange> unannounced = new ArrayList<>();

    @Autowired
    public OrderStatusProjection(ViewVersions versions, OrderChangeFeed feed, MongoOutageRetry retry,
                                 MeterRegistry registry, PrepTimes prepTimes) {
        this(versions, feed::publish, prepTimes, retry, registry);
    }

    /**
     * @param changes   where real changes go, after the view is written (the feed's {@code publish})
     * @param prepTimes where the drinks' preparation times are learnt (ADR 0903); null for none
     */
    public OrderStatusProjection(ViewVersions versions, Consumer<List<OrderChange>> changes, PrepTimes prepTimes,
                                 MongoOutageRetry retry, MeterRegistry registry) {
        this(versions, changes, prepTimes, null, retry, Timer.builder("brew.projection.lag")
                .description("Time from an event stored on the command side to its change in the view")
                .tag("processor", PROCESSING_GROUP)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
    }

    private OrderStatusProjection(ViewVersions versions, Consumer<List<OrderChange>> changes, PrepTimes prepTimes,
                                  Rebuild rebuild, MongoOutageRetry retry, Timer lag) {
        this.versions = versions;
        this.changes = changes;
        this.prepTimes = prepTimes;
        this.rebuild = rebuild;
        this.retry = retry;
        this.lag = lag;
    }

    /** What the replay's instance needs from the replay it serves (ADR 0113). */
    public interface Rebuild {

        /** Whether this event waits in the dead-letter queue: it, or an earlier event of its order, is parked. */
        boolean parked(String orderId, long sequence);

        /** Told after each batch is written which records it held. */
        void written(List<?> batch);
    }

    /**
     * The replay's instance: the same handlers, writing only into the version the pointer says is being built, and
     * leaving out what the dead-letter queue holds (so a parked order's events stay in their order).
     */
    public static OrderStatusProjection rebuilding(ViewVersions versions, MongoOutageRetry retry, Rebuild rebuild) {
        return new OrderStatusProjection(versions, null, null, rebuild, retry, null);
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

    /** Any other event: nothing to write, but it is part of its batch, so a replay counts its record as read. */
    @EventHandler
    public void on(Object other) {
        // The view shows nothing of it.
    }

    /**
     * Gathers the event into the processor's batch, written by {@link #flushingInterceptor()} after the batch's last
     * event. Only the handler's own work (turning the event into a {@link ViewUpdate}) happens per event, so an event
     * the projection cannot handle fails alone and is parked by the dead-letter queue (ADR 0112) while a failed
     * write fails the whole batch, which is retried. Outside a batch (a parked event retried) it is written at once.
     */
    private void project(ViewUpdate update, Instant storedAt) {
        if (rebuild != null && rebuild.parked(update.orderId(), update.sequence())) {
            return;
        }
        Pending pending = new Pending(update, OrderChangeFeed.currentTraceparent(), storedAt);
        if (CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().root() instanceof BatchingUnitOfWork<?> batch) {
            batch.getOrComputeResource(BATCH_RESOURCE, k -> new ArrayList<Pending>()).add(pending);
        } else {
            write(List.of(pending));
        }
    }

    /**
     * The processor's interceptor that writes each batch after its last event is handled, whichever handler took it,
     * before the processor stores its token: a failed write fails the batch, nothing is skipped.
     */
    public MessageHandlerInterceptor<EventMessage<?>> flushingInterceptor() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
                List<Pending> pending = batch.getResource(BATCH_RESOURCE);
                if (pending != null && !pending.isEmpty()) {
                    write(List.copyOf(pending));
                    pending.clear();
                }
                if (rebuild != null) {
                    rebuild.written(batch.getMessages());
                }
            }
            return result;
        };
    }

    /**
     * One batch in a handful of round trips, whatever its size: the active view (read before, bulk writes), the
     * version a replay builds (bulk writes), then the changes published in one go.
     */
    private void write(List<Pending> batch) {
        ViewVersions.Pointer pointer = pointer();
        List<ViewUpdate> updates = batch.stream().map(Pending::update).toList();
        if (changes == null) {
            if (pointer.building() != null) {
                retry.run("writing a batch into the view being rebuilt",
                        () -> ViewWriter.applyAll(versions.view(pointer.building()), updates));
            }
            return;
        }
        List<ViewWriter.Changed> changed =
                ViewWriter.applyAllReturning(versions.view(pointer.active()), updates, retry);
        if (pointer.building() != null) {
            // The replay writes these orders' earlier events into the same version, maybe later: ends are kept.
            retry.run("writing a batch into the view being rebuilt",
                    () -> ViewWriter.applyAll(versions.view(pointer.building()), updates, true));
        }
        List<OrderChange> written = changed.stream().map(c -> new OrderChange(0, OrderChange.Type.ORDER,
                OrderDocuments.toView(c.after()), batch.get(c.index()).traceparent())).toList();
        // Screens first: anything that fails after this (the preparation times' write) makes Axon retry the batch,
        // which finds its view writes applied and reports no change, so a step announced later would be lost.
        announce(written);
        if (prepTimes != null) {
            // At the READY step only, also when the batch folded it into a later state of the same order. A sample
            // lost to a failure here only makes the estimate learn from one order fewer (ADR 0903).
            Set<String> readied = updates.stream().filter(ViewUpdate::readies).map(ViewUpdate::orderId)
                    .collect(Collectors.toSet());
            prepTimes.record(written.stream().filter(c -> readied.contains(c.order().orderId())).toList());
        }
        Instant now = Instant.now();
        batch.forEach(p -> lag.record(Duration.between(p.storedAt(), now)));
    }

    /**
     * Announces the batch's changes after any an earlier try wrote but could not announce: the retried batch finds
     * its writes applied and reports no change, so without this a failed publish (Kafka away) would lose them.
     */
    private void announce(List<OrderChange> written) {
        synchronized (unannounced) {
            unannounced.addAll(written);
            if (!unannounced.isEmpty()) {
                changes.accept(List.copyOf(unannounced));
                unannounced.clear();
            }
        }
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
