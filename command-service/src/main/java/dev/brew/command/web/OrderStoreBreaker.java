package dev.brew.command.web;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Answers order commands with a 503 at once while the order store (PostgreSQL) is failing, instead of letting each
 * one wait out the connection pool's timeout: with 16 request threads each held 1.5 s, 40 orders/s queued past the
 * gateway's 5 s and became 504s (the full-scale PostgreSQL scenario, F12 in docs/reliability.md).
 *
 * <p>Only the store's own failures count (see {@link #isStoreFailure}); a refused order, a conflict or member-service
 * being down never open it. Open for 2 s, then three trial commands decide. A 503 is always safe to retry: the
 * caller's {@code Idempotency-Key} makes a second attempt of a stored order return that order.
 */
@Component
class OrderStoreBreaker {

    private final CircuitBreaker breaker = CircuitBreaker.of("order-store", CircuitBreakerConfig.custom()
            .slidingWindowSize(10)
            .minimumNumberOfCalls(5)
            .failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofSeconds(2))
            .permittedNumberOfCallsInHalfOpenState(3)
            .automaticTransitionFromOpenToHalfOpenEnabled(true)
            .recordException(OrderStoreBreaker::isStoreFailure)
            .build());

    OrderStoreBreaker(MeterRegistry registry) {
        Gauge.builder("brew.order.store.breaker.open", breaker,
                        b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while order commands are refused at once because the order store is failing"
                        + " (open, or half-open: only trial commands pass)")
                .register(registry);
    }

    /**
     * Runs the command unless the store is known to be failing.
     *
     * @throws CallNotPermittedException while open (answered as a 503)
     */
    <T> T call(Supplier<T> command) {
        try {
            return breaker.executeSupplier(command);
        } catch (RuntimeException e) {
            if (!(e instanceof DataAccessException) && lostConnection(e)) {
                // Not translated by Spring (db-scheduler's own JDBC, the order deadlines of ADR 0901): made the
                // store failure it is, so it is answered like every other one.
                throw new DataAccessResourceFailureException("The order store's connection failed", e);
            }
            throw e;
        }
    }

    /**
     * A failed order command certainly stored nothing: it was refused by the rules or by this breaker, or the store
     * could not even begin a transaction. Otherwise (a connection lost mid-commit, a commit that failed) the order
     * may be stored after all.
     */
    static boolean surelyNotStored(Throwable e) {
        return e instanceof CallNotPermittedException || e instanceof CannotGetJdbcConnectionException
                || e instanceof CannotCreateTransactionException || !isStoreFailure(e);
    }

    /**
     * The order store unreachable or failing, the caller not at fault: no connection, a transaction that cannot
     * begin or end (its outcome unknown: the retry with the same key settles it), the event store's own failures
     * other than a duplicate (those are {@code ConcurrencyException}s, a caller's conflict).
     */
    static boolean isStoreFailure(Throwable e) {
        return e instanceof CannotGetJdbcConnectionException || e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException || e instanceof CannotCreateTransactionException
                || e instanceof TransactionSystemException || e instanceof JdbcException
                || e instanceof EventStoreException || lostConnection(e);
    }

    /** A connection failure (SQLSTATE class 08) anywhere in the causes, whoever ran the statement. */
    private static boolean lostConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
