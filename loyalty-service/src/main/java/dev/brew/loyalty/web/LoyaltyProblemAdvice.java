package dev.brew.loyalty.web;

import dev.brew.defaults.web.Problems;
import dev.brew.loyalty.domain.RewardNotAvailable;
import dev.brew.loyalty.domain.UnknownReward;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refusals as problem bodies: an unknown reward 404, a used one 409, the store down 503. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class LoyaltyProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(LoyaltyProblemAdvice.class);

    @ExceptionHandler(UnknownReward.class)
    ResponseEntity<ProblemDetail> unknown(UnknownReward e) {
        return of(Problems.forField(HttpStatus.NOT_FOUND, "reward-not-found", "rewardId", e.getMessage()));
    }

    @ExceptionHandler(RewardNotAvailable.class)
    ResponseEntity<ProblemDetail> notAvailable(RewardNotAvailable e) {
        return of(Problems.forField(HttpStatus.CONFLICT, "reward-not-available", "rewardId", e.getMessage()));
    }

    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Loyalty store unavailable: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                        "Loyalty cannot be reached right now; please try again shortly"));
    }

    private static ResponseEntity<ProblemDetail> of(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
