package dev.brew.command.web;

import dev.brew.defaults.problem.StoreFailures;
import dev.brew.defaults.web.ProblemException;
import dev.brew.defaults.web.Problems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.util.function.Supplier;

/**
 * Answers order commands with a 503 at once while the order store (PostgreSQL) is failing, instead of letting each
 * one wait out the connection pool's timeout: with 16 request threads each held 1.5 s, 40 orders/s queued past the
 * gateway's 5 s and became 504s (the full-scale PostgreSQL scenario in docs/reliability.md).
 *
 * <p>The breaker is Resilience4j's {@code order-store} instance (application.yml): only {@link StoreFailures} count;
 * a refused order, a conflict or member-service being down never open it. A 503 is always safe to retry: the
 * caller's {@code Idempotency-Key} makes a second attempt of a stored order return that order.
 */
@Component
class OrderStoreBreaker {

    private static final Logger log = LoggerFactory.getLogger(OrderStoreBreaker.class);

    private final CircuitBreaker breaker;

    OrderStoreBreaker(CircuitBreakerRegistry breakers, MeterRegistry meters) {
        this.breaker = breakers.find("order-store").orElseThrow(() -> new IllegalStateException(
                "resilience4j.circuitbreaker.instances.order-store is not configured"));
        Gauge.builder("brew.order.store.breaker.open", breaker,
                        b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .description("1 while order commands are refused at once because the order store is failing"
                        + " (open, or half-open: only trial commands pass)")
                .register(meters);
    }

    /**
     * Runs the command unless the store is known to be failing.
     *
     * @throws Unavailable the store is failing or the breaker is open (a 503 problem with Retry-After)
     */
    <T> T call(Supplier<T> command) {
        try {
            return breaker.executeSupplier(command);
        } catch (CallNotPermittedException | NoHandlerForCommandException e) {
            throw new Unavailable(e);
        } catch (RuntimeException e) {
            if (StoreFailures.isStoreFailure(e)) {
                log.warn("Order store unavailable: {}", e.toString());
                throw new Unavailable(e);
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
        Throwable failure = e instanceof Unavailable ? e.getCause() : e;
        return failure instanceof CallNotPermittedException || failure instanceof CannotGetJdbcConnectionException
                || failure instanceof CannotCreateTransactionException || !StoreFailures.isStoreFailure(failure);
    }

    /**
     * The order store cannot take commands now (failing, or refused at once while it is; or the command handlers
     * not registered yet): the caller is not at fault and may try again shortly (its Idempotency-Key makes that safe).
     */
    static final class Unavailable extends ProblemException {
        Unavailable(Throwable cause) {
            super(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                    "Orders cannot be taken right now; please try again shortly"), cause);
            retryAfter(5);
        }
    }
}
