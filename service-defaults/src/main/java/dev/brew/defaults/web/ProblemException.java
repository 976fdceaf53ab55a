package dev.brew.defaults.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An exception that carries its own problem answer (status, type, fields, headers): Spring MVC answers it as it is
 * ({@link ProblemDetailsAdvice} handles every {@code ErrorResponse}), so it needs no handler of its own.
 */
public class ProblemException extends ErrorResponseException {

    public ProblemException(ProblemDetail problem, Throwable cause) {
        super(HttpStatusCode.valueOf(problem.getStatus()), problem, cause);
    }

    /** Adds {@code Retry-After}: the caller may try again after this many seconds (a 503 that will pass). */
    protected final void retryAfter(int seconds) {
        getHeaders().set(HttpHeaders.RETRY_AFTER, Integer.toString(seconds));
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
