package dev.brew.query.query;

import dev.brew.query.config.QueryProperties;
import dev.brew.query.projection.OrderChangeLog;
import dev.brew.query.projection.ViewVersions;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
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
 */
@Component
public class OrderChangeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderChangeFeed.class);
    private static final int BATCH = 1000;

    private final OrderChangeLog changeLog;
    private final ViewVersions versions;
    private final QueryUpdateEmitter emitter;
    private final QueryProperties.Changes settings;
    private ScheduledExecutorService executor;
    private volatile long position;
    private long gapSince;
    private long lastTrim;
    private volatile boolean running;

    public OrderChangeFeed(OrderChangeLog changeLog, ViewVersions versions, QueryUpdateEmitter emitter,
                           QueryProperties properties) {
        this.changeLog = changeLog;
        this.versions = versions;
        this.emitter = emitter;
        this.settings = properties.changes();
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
            emitter.emit(Queries.WatchOrders.class, query -> change.visibleTo(query.memberId()), change);
            position = change.seq();
        }
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
