package dev.brew.query.projection;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Waits out a MongoDB outage where the projection touches MongoDB (its view writes and its tracking tokens): a call
 * that fails because MongoDB cannot be reached is tried again every {@code pause}, for as long as it takes, instead
 * of failing the processor. Any other failure (a refused write, a lost token claim) is thrown at once.
 *
 * <p>Why not let the processor fail and retry: Axon's processors back off 1, 2, 4 … 60 s between retries, a limit
 * that cannot be configured, so after a 30 s outage the view stayed up to a minute behind after MongoDB was back
 * (docs/reliability.md, F13). Here the view resumes within {@code pause} of MongoDB answering. A waiting processor
 * thread still stops when it is interrupted (the processor shutting down). While MongoDB is away readiness is DOWN
 * (the health group includes mongo), and {@code brew_mongo_outage_waiting} counts the threads waiting.
 *
 * <p>Only for calls that may be repeated: a call whose reply was lost may have been applied. Each caller says what
 * a repeat means for it (the view updates are idempotent; see {@link ViewWriter}).
 */
public final class MongoOutageRetry {

    private static final Logger log = LoggerFactory.getLogger(MongoOutageRetry.class);

    private final Duration pause;
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter retries;

    public MongoOutageRetry(Duration pause, MeterRegistry registry) {
        this.pause = pause;
        Gauge.builder("brew.mongo.outage.waiting", waiting, AtomicInteger::get)
                .description("Threads waiting for MongoDB to answer again before they go on")
                .register(registry);
        this.retries = Counter.builder("brew.mongo.outage.retries")
                .description("MongoDB calls tried again because MongoDB could not be reached")
                .register(registry);
    }

    /** Runs {@code call} until it gets past any outage, and returns its result. */
    public <T> T call(String what, Supplier<T> call) {
        Instant since = null;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = call.get();
                if (since != null) {
                    waiting.decrementAndGet();
                    log.info("MongoDB answers again: {} went through after {} ms and {} attempts", what,
                            Duration.between(since, Instant.now()).toMillis(), attempt);
                }
                return result;
            } catch (RuntimeException e) {
                if (!isOutage(e)) {
                    if (since != null) {
                        waiting.decrementAndGet();
                    }
                    throw e;
                }
                if (since == null) {
                    since = Instant.now();
                    waiting.incrementAndGet();
                    log.warn("MongoDB cannot be reached ({}): {} is tried again every {} ms until it answers",
                            e.getClass().getSimpleName(), what, pause.toMillis());
                }
                retries.increment();
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    waiting.decrementAndGet();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }

    /** {@link #call} for a call that returns nothing. */
    public void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /**
     * True when MongoDB could not be reached or could not take the call right now (no server to select, a broken
     * connection, a primary stepping down), as opposed to a call MongoDB refused.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoNotPrimaryException || t instanceof MongoNodeIsRecoveringException) {
                return true;
            }
            if (t instanceof MongoException mongo && (mongo.hasErrorLabel("RetryableWriteError")
                    || mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
