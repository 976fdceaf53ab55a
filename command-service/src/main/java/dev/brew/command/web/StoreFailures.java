package dev.brew.command.web;

import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.util.function.Predicate;

/**
 * The one list of the order store's own failures: the store unreachable or failing, the caller not at fault. They
 * count against the {@code order-store} breaker ({@code record-failure-predicate} in application.yml) and are
 * answered as a 503 ({@link OrderStoreBreaker}).
 */
public final class StoreFailures implements Predicate<Throwable> {

    /**
     * No connection, a transaction that cannot begin or end (its outcome unknown: the retry with the same key
     * settles it), the event store's own failures other than a duplicate (those are {@code ConcurrencyException}s,
     * a caller's conflict), or a connection failure (SQLSTATE class 08) anywhere in the causes, whoever ran the
     * statement (db-scheduler's own JDBC for the order deadlines of ADR 0901 is not translated by Spring).
     */
    public static boolean isStoreFailure(Throwable e) {
        return e instanceof CannotGetJdbcConnectionException || e instanceof DataAccessResourceFailureException
                || e instanceof TransientDataAccessException || e instanceof CannotCreateTransactionException
                || e instanceof TransactionSystemException || e instanceof JdbcException
                || e instanceof EventStoreException || lostConnection(e);
    }

    @Override
    public boolean test(Throwable e) {
        return isStoreFailure(e);
    }

    private static boolean lostConnection(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
