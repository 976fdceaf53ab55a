package dev.brew.member.web;

import com.mongodb.MongoException;
import dev.brew.defaults.web.Problems;
import dev.brew.member.domain.BadCredentials;
import dev.brew.member.domain.InvalidMemberInput;
import dev.brew.member.domain.MemberNotFound;
import dev.brew.member.domain.MemberReadForbidden;
import dev.brew.member.domain.NameTaken;
import dev.brew.member.domain.TooManySignInAttempts;
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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** How the member rules' refusals reach the caller: always a problem body, never a stack trace. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class MemberProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(MemberProblemAdvice.class);

    @ExceptionHandler(InvalidMemberInput.class)
    ResponseEntity<ProblemDetail> invalid(InvalidMemberInput e) {
        return of(Problems.forField(HttpStatus.UNPROCESSABLE_ENTITY, "invalid-member", e.field(), e.getMessage()));
    }

    @ExceptionHandler(NameTaken.class)
    ResponseEntity<ProblemDetail> taken(NameTaken e) {
        return of(Problems.forField(HttpStatus.CONFLICT, "name-taken", "name", e.getMessage()));
    }

    @ExceptionHandler(BadCredentials.class)
    ResponseEntity<ProblemDetail> badCredentials(BadCredentials e) {
        return of(Problems.of(HttpStatus.UNAUTHORIZED, "bad-credentials", e.getMessage()));
    }

    @ExceptionHandler(TooManySignInAttempts.class)
    ResponseEntity<ProblemDetail> tooMany(TooManySignInAttempts e) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-attempts", e.getMessage());
        problem.setProperty("retryAfterSeconds", e.retryAfter().toSeconds());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds())).body(problem);
    }

    @ExceptionHandler(MemberReadForbidden.class)
    ResponseEntity<ProblemDetail> forbidden(MemberReadForbidden e) {
        return of(Problems.of(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()));
    }

    @ExceptionHandler(MemberNotFound.class)
    ResponseEntity<ProblemDetail> notFound(MemberNotFound e) {
        return of(Problems.of(HttpStatus.NOT_FOUND, "member-not-found", e.getMessage()));
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            MongoException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Member store unavailable: {}", e.toString());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "Members cannot be reached right now; please try again shortly");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }

    private static ResponseEntity<ProblemDetail> of(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
