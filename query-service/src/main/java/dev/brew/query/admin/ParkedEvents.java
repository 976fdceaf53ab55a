package dev.brew.query.admin;

import dev.brew.query.projection.MongoOutageRetry;
import dev.brew.query.projection.OrderStatusProjection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.Configuration;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events the projection could not handle, parked in Axon's sequenced dead-letter queue (MongoDB, ADR 0112): a bad
 * event parks its order's later events behind it and nothing else, so the other orders keep flowing. Operators list
 * them and retry them; {@code brew_projection_parked} counts them.
 */
@Service
public class ParkedEvents {

    /** Most letters listed at once. */
    static final int LIST_LIMIT = 100;

    /**
     * Park what the projection cannot handle, but never an outage: a MongoDB that cannot be reached is waited out
     * (ADR 0104), so it is thrown on and fails the batch instead of parking an order that did nothing wrong.
     */
    public static final EnqueuePolicy<EventMessage<?>> POLICY = (letter, cause) -> {
        if (MongoOutageRetry.isOutage(cause)) {
            throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
        }
        return Decisions.enqueue(ThrowableCause.truncated(cause));
    };

    private final EventProcessingConfiguration processing;

    /**
     * Parks an event the replay could not handle in the live projection's queue, unless its order is parked there
     * already (then it is, or waits behind, one of those letters). An outage is thrown on, as for the live one.
     */
    public static void park(Configuration configuration, EventMessage<?> event, Exception failure) throws Exception {
        if (MongoOutageRetry.isOutage(failure)) {
            throw failure;
        }
        Object order = event instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                : event.getIdentifier();
        SequencedDeadLetterQueue<EventMessage<?>> queue = configuration.eventProcessingConfiguration()
                .deadLetterQueue(OrderStatusProjection.PROCESSING_GROUP).orElseThrow();
        if (!queue.contains(order)) {
            queue.enqueue(order, new GenericDeadLetter<>(order, event, ThrowableCause.truncated(failure)));
        }
    }

    ParkedEvents(@Lazy EventProcessingConfiguration processing, MeterRegistry registry) {
        this.processing = processing;
        Gauge.builder("brew.projection.parked", this, ParkedEvents::countOrNaN)
                .description("Events the order-status projection parked (dead letters), waiting for an operator")
                .register(registry);
    }

    /** One parked event: its order (the sequence it blocks), what it was, and why it failed. */
    public record Parked(String orderId, long sequence, String eventType, String cause, Instant enqueuedAt,
                         Instant lastTouched) {
    }

    /** What a retry did: orders whose parked events all went through now, and events still parked. */
    public record Retried(int ordersReleased, long stillParked) {
    }

    /** Per parked order, the aggregate sequence of its first parked event. */
    public Map<String, Long> firstParkedSequences() {
        Map<String, Long> first = new HashMap<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue().deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letter.message() instanceof DomainEventMessage<?> domain) {
                    first.merge(domain.getAggregateIdentifier(), domain.getSequenceNumber(), Math::min);
                }
            }
        }
        return first;
    }

    public long count() {
        return queue().size();
    }

    /** The parked events, oldest order first, each order's in their order (at most {@value #LIST_LIMIT}). */
    public List<Parked> list() {
        List<Parked> parked = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue().deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (parked.size() == LIST_LIMIT) {
                    return parked;
                }
                EventMessage<?> event = letter.message();
                parked.add(new Parked(orderId(letter),
                        event instanceof DomainEventMessage<?> domain ? domain.getSequenceNumber() : -1,
                        event.getPayloadType().getSimpleName(),
                        letter.cause().map(Cause::message).orElse("behind an earlier parked event"),
                        letter.enqueuedAt(), letter.lastTouched()));
            }
        }
        return parked;
    }

    /**
     * Hands each parked order's events to the projection again, in their order, once: an order whose events all go
     * through leaves the queue; one that fails again stays parked (its letter touched, its cause updated).
     *
     * @param orderId only this order's events, or every order's if null
     */
    public Retried retry(String orderId) {
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing
                .sequencedDeadLetterProcessor(OrderStatusProjection.PROCESSING_GROUP)
                .orElseThrow(() -> new IllegalStateException("The projection has no dead-letter queue"));
        Set<String> orders = new LinkedHashSet<>();
        if (orderId != null) {
            orders.add(orderId);
        } else {
            queue().deadLetters().forEach(sequence -> sequence.forEach(letter -> orders.add(orderId(letter))));
        }
        int released = 0;
        for (String order : orders) {
            if (processor.process(letter -> order.equals(orderId(letter)))) {
                released++;
            }
        }
        return new Retried(released, count());
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return processing.deadLetterQueue(OrderStatusProjection.PROCESSING_GROUP)
                .orElseThrow(() -> new IllegalStateException("The projection has no dead-letter queue"));
    }

    /** The sequence a letter belongs to: the projection sequences per aggregate, so its order's id. */
    private static String orderId(DeadLetter<? extends EventMessage<?>> letter) {
        return letter.message() instanceof DomainEventMessage<?> domain ? domain.getAggregateIdentifier()
                : letter.message().getIdentifier();
    }

    private double countOrNaN() {
        try {
            return count();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
