package dev.brew.command.web;

import dev.brew.defaults.web.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The answers to Axon's own refusals, which cannot carry their problem as the order rules' refusals do
 * ({@code OrderRejected}, a {@code Refusal}: ADR 0009) and the web layer's failures do ({@code ProblemException}).
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OrderProblemAdvice {

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return of(Problems.of(HttpStatus.CONFLICT, "concurrent-change",
                "The order was changed by someone else at the same moment"));
    }

    /** The same answer as for an order the caller may not see ({@code OrderHidden}), word for word. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return of(Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "No order with id " + e.getAggregateIdentifier()));
    }

    private static ResponseEntity<ProblemDetail> of(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
