package dev.brew.command.web;

import dev.brew.command.domain.IdempotencyKeyReused;
import dev.brew.command.domain.InvalidOrder;
import dev.brew.command.domain.OrderActionForbidden;
import dev.brew.command.domain.OrderHidden;
import dev.brew.command.domain.OrderNotOpen;
import dev.brew.command.domain.UnknownMember;
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
 * How the order rules' refusals (and Axon's) reach the caller: always a problem body, never a stack trace. The web
 * layer's own failures (the store or another service unavailable, a bad header, a refused reward) carry their problem
 * themselves ({@code ProblemException}) and need no handler here.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OrderProblemAdvice {

    @ExceptionHandler(InvalidOrder.class)
    ResponseEntity<ProblemDetail> invalid(InvalidOrder e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-order", e.field(), e.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReused e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                OrderCommandController.IDEMPOTENCY_KEY, e.getMessage()));
    }

    @ExceptionHandler(UnknownMember.class)
    ResponseEntity<ProblemDetail> unknownMember(UnknownMember e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-member", "member", e.getMessage()));
    }

    @ExceptionHandler(OrderNotOpen.class)
    ResponseEntity<ProblemDetail> notOpen(OrderNotOpen e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "order-not-open", e.getMessage());
        problem.setProperty("orderStatus", e.status());
        return of(problem);
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return of(Problems.of(HttpStatus.CONFLICT, "concurrent-change",
                "The order was changed by someone else at the same moment"));
    }

    @ExceptionHandler(OrderActionForbidden.class)
    ResponseEntity<ProblemDetail> forbidden(OrderActionForbidden e) {
        return of(Problems.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }

    /** The same answer as for an unknown id (below), word for word. */
    @ExceptionHandler(OrderHidden.class)
    ResponseEntity<ProblemDetail> hidden(OrderHidden e) {
        return of(Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "No order with id " + e.orderId()));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return of(Problems.of(HttpStatus.NOT_FOUND, "order-not-found", "No order with id " + e.getAggregateIdentifier()));
    }

    private static ResponseEntity<ProblemDetail> of(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
