package dev.brew.defaults.problem;

import org.springframework.util.ClassUtils;

import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one list of a store's own failures (PostgreSQL, the event store, MongoDB): the store unreachable or failing,
 * the caller not at fault. Two questions are asked of it:
 * <ul>
 *   <li>{@link #unreachable}: the failure or one of its causes is the store unreachable; the shared servlet advice
 *       answers it with a 503 and {@code Retry-After}.</li>
 *   <li>{@link #isStoreFailure} (this predicate): the failure itself is the store unreachable or failing with a
 *       write's outcome unknown, or a connection was lost anywhere in its causes; it counts against a store breaker
 *       (command-service's {@code order-store}, its {@code record-failure-predicate}).</li>
 * </ul>
 * Classes are named, not imported: not every service has Spring's data access, Axon or MongoDB's driver, and a
 * missing class would break whoever asks. A public class with a public constructor: Resilience4j instantiates it.
 */
public final class StoreFailures implements Predicate<Throwable> {

    /** No connection or none to be had, a transaction that cannot begin. */
    private static final List<Class<?>> UNREACHABLE = present(
            "org.springframework.dao.DataAccessResourceFailureException",
            "org.springframework.dao.TransientDataAccessException",
            "org.springframework.transaction.CannotCreateTransactionException",
            "com.mongodb.MongoException");

    /**
     * Failing, the outcome unknown (the retry with the same key settles it): a transaction that cannot end, the event
     * store's own failures other than a duplicate (those are Axon's {@code ConcurrencyException}s, a caller's
     * conflict).
     */
    private static final List<Class<?>> FAILING = present(
            "org.springframework.transaction.TransactionSystemException",
            "org.axonframework.common.jdbc.JdbcException",
            "org.axonframework.eventsourcing.eventstore.EventStoreException");

    /** The failure or one of its causes is the store being unreachable: a 503, not a 500. */
    public static boolean unreachable(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (isA(UNREACHABLE, e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The failure is the store unreachable or failing, or a connection failure (SQLSTATE class 08) is anywhere in its
     * causes, whoever ran the statement (a library's own JDBC, which Spring does not translate).
     */
    public static boolean isStoreFailure(Throwable e) {
        return isA(UNREACHABLE, e) || isA(FAILING, e) || lostConnection(e);
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

    private static boolean isA(List<Class<?>> types, Throwable e) {
        for (Class<?> type : types) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }

    private static List<Class<?>> present(String... names) {
        ClassLoader loader = StoreFailures.class.getClassLoader();
        return Stream.of(names).filter(name -> ClassUtils.isPresent(name, loader))
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, loader)).toList();
    }
}
