package dev.brew.defaults.web;

import com.mongodb.MongoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A service's store (PostgreSQL or MongoDB) unreachable: a 503 problem with {@code Retry-After}, the caller not at
 * fault. Runs just before {@link ProblemDetailsAdvice} (which would answer 500); a service's own advice, if it has
 * one, runs before both. Registered only when Spring's data-access exceptions are on the class path.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
public class StoreUnavailableAdvice {

    static final Logger log = LoggerFactory.getLogger(StoreUnavailableAdvice.class);
    static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<Object> unavailable(Exception e) {
        return answer(e);
    }

    static ResponseEntity<Object> answer(Exception e) {
        log.warn("Store unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                        "Our data store cannot be reached right now; please try again shortly"));
    }

    /** The MongoDB driver's own failures, for calls Spring Data did not translate. Only with the driver present. */
    @RestControllerAdvice
    @Order(Ordered.LOWEST_PRECEDENCE - 1)
    public static class Mongo {

        @ExceptionHandler(MongoException.class)
        ResponseEntity<Object> unavailable(MongoException e) {
            return answer(e);
        }
    }
}
