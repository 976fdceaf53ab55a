package dev.brew.command.web;

import dev.brew.command.domain.IdempotencyKeyReused;
import dev.brew.command.domain.InvalidOrder;
import dev.brew.command.domain.OrderActionForbidden;
import dev.brew.command.domain.OrderHidden;
import dev.brew.command.domain.OrderNotOpen;
import dev.brew.command.loyalty.LoyaltyRewards;
import dev.brew.command.members.KnownMembers;
import dev.brew.defaults.web.Problems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.common.jdbc.JdbcException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
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
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** How the order rules' refusals reach the caller: always a problem body, never a stack trace. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class OrderProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(OrderProblemAdvice.class);

    @ExceptionHandler(InvalidOrder.class)
    ResponseEntity<ProblemDetail> invalid(InvalidOrder e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-order", e.field(), e.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyReused.class)
    ResponseEntity<ProblemDetail> keyReused(IdempotencyKeyReused e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused",
                OrderCommandController.IDEMPOTENCY_KEY, e.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyFormat.InvalidIdempotencyKey.class)
    ResponseEntity<ProblemDetail> badKey(IdempotencyKeyFormat.InvalidIdempotencyKey e) {
        return of(Problems.forField(HttpStatus.BAD_REQUEST, "invalid-header", OrderCommandController.IDEMPOTENCY_KEY,
                e.getMessage()));
    }

    @ExceptionHandler(KnownMembers.UnknownMember.class)
    ResponseEntity<ProblemDetail> unknownMember(KnownMembers.UnknownMember e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "unknown-member", "member", e.getMessage()));
    }

    @ExceptionHandler(KnownMembers.MemberServiceUnavailable.class)
    ResponseEntity<ProblemDetail> membersUnavailable(KnownMembers.MemberServiceUnavailable e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "Your membership cannot be confirmed right now; please try again shortly");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    @ExceptionHandler(LoyaltyRewards.RewardRefused.class)
    ResponseEntity<ProblemDetail> rewardRefused(LoyaltyRewards.RewardRefused e) {
        return of(Problems.forField(e.status(), e.code(), "rewardId", e.getMessage()));
    }

    @ExceptionHandler(LoyaltyRewards.LoyaltyServiceUnavailable.class)
    ResponseEntity<ProblemDetail> loyaltyUnavailable(LoyaltyRewards.LoyaltyServiceUnavailable e) {
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "loyalty-unavailable",
                "Rewards cannot be applied right now; order without the reward or try again shortly");
        problem.setProperty("field", "rewardId");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
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

    // The order store unreachable or failing (OrderStoreBreaker.isStoreFailure: no connection, a transaction that
    // cannot begin or end, the event store's own failures), or refused at once while it is: the caller is not at
    // fault, and may try again shortly (its Idempotency-Key makes that safe).
    @ExceptionHandler({CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class, CannotCreateTransactionException.class, TransactionSystemException.class,
            JdbcException.class, EventStoreException.class, CallNotPermittedException.class,
            NoHandlerForCommandException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        if (!(e instanceof CallNotPermittedException)) {
            log.warn("Order store unavailable: {}", e.toString());
        }
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "Orders cannot be taken right now; please try again shortly");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    private static ResponseEntity<ProblemDetail> of(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
