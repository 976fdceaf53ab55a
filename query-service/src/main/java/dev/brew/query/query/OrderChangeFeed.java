package dev.brew.query.query;

import dev.brew.query.config.QueryProperties;
import dev.brew.query.projection.OrderChangeLog;
import dev.brew.query.projection.ViewVersions;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tails the shared change log on every instance and turns each change into an update of the local subscription
 * queries ({@link Queries.WatchOrders}). So a change projected by any instance reaches the screens connected to
 * every instance. Changes are emitted strictly in log order; a number that was taken but whose change is not
 * written yet (a writer between its two steps) holds the feed back for at most {@code gapTimeout}.
 *
 * <p>Each poll also refreshes this instance's copy of the view pointer, so queries follow a swap within one poll.
 *
 * <p>Each order change is pushed in a span {@value #PUSH_SPAN} that continues the trace of the projection that
 * wrote it, so an order's trace runs from the caller's POST to the push to the screens.
 */
@Component
public class OrderChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeFeed.class);
    private static final int BATCH = 1000;
    static final String PUSH_SPAN = "OrderChangeFeed.push";
    private static final TextMapGetter<Map<String, String>> FROM_MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final OrderChangeLog changeLog;
    private final ViewVersions versions;
    private final QueryUpdateEmitter emitter;
    private final QueryProperties.Changes settings;
    private final Tracer tracer;
    private ScheduledExecutorService executor;
    private volatile long position;
    private long gapSince;
    private long lastTrim;
    private volatile boolean running;

    public OrderChangeFeed(OrderChangeLog changeLog, ViewVersions versions, QueryUpdateEmitter emitter,
                           QueryProperties properties, ObjectProvider<OpenTelemetry> openTelemetry) {
        this.changeLog = changeLog;
        this.versions = versions;
        this.emitter = emitter;
        this.settings = properties.changes();
        this.tracer = openTelemetry.getIfAvailable(OpenTelemetry::noop).getTracer("brew-query");
    }

    /** The number of the last change emitted to local subscribers. */
    public long position() {
        return position;
    }

    @Override
    public void start() {
        position = changeLog.lastSeq();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "order-change-feed");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollSafely, 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        running = true;
    }

    private void pollSafely() {
        try {
            versions.refresh();
            poll();
            trim();
        } catch (RuntimeException e) {
            log.warn("Reading the order change log failed; will retry: {}", e.toString());
        }
    }

    @SuppressWarnings("try")
    void poll() {
        List<OrderChange> changes = changeLog.after(position, BATCH);
        for (OrderChange change : changes) {
            if (change.seq() != position + 1) {
                long now = System.nanoTime();
                if (gapSince == 0) {
                    gapSince = now;
                    return;
                }
                if (now - gapSince < settings.gapTimeout().toNanos()) {
                    return;
                }
                log.warn("Change(s) {}..{} never appeared in the log; skipping them", position + 1, change.seq() - 1);
            }
            gapSince = 0;
            Span span = pushSpan(change);
            try (Scope ignored = span.makeCurrent()) {
                emitter.emit(Queries.WatchOrders.class, query -> change.visibleTo(query.memberId()), change);
            } finally {
                span.end();
            }
            position = change.seq();
        }
    }

    private Span pushSpan(OrderChange change) {
        if (change.traceparent() == null) {
            return Span.getInvalid();
        }
        Context parent = W3CTraceContextPropagator.getInstance()
                .extract(Context.root(), Map.of("traceparent", change.traceparent()), FROM_MAP);
        return tracer.spanBuilder(PUSH_SPAN).setParent(parent).setSpanKind(SpanKind.PRODUCER)
                .setAttribute("brew.change.seq", change.seq())
                .setAttribute("brew.order.id", change.order() == null ? "" : change.order().orderId())
                .startSpan();
    }

    private void trim() {
        long now = System.nanoTime();
        if (now - lastTrim > Duration.ofSeconds(10).toNanos()) {
            lastTrim = now;
            if (position > settings.retain()) {
                changeLog.trimBefore(position - settings.retain());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
