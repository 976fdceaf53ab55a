package dev.brew.defaults.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.brew.defaults.problem.Refusal;
import dev.brew.defaults.problem.StoreFailures;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns every failure into an RFC 7807 problem body: the caller's mistakes into 4xx naming the field, anything else
 * into a plain 500 without internals. The domain's refusals carry their own answer ({@link Refusal}), the web layers'
 * failures theirs ({@link ProblemException}); this advice answers both, so a service needs an advice of its own only
 * for exceptions it cannot make carry their answer (a framework's). This one runs last.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Problems.FieldError> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new Problems.FieldError(e.getField(), e.getDefaultMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return problem(Problems.forFields(HttpStatus.BAD_REQUEST, "invalid-request",
                "The request has invalid fields: " + errors.stream().map(Problems.FieldError::field)
                        .collect(Collectors.joining(", ")), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        List<Problems.FieldError> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new Problems.FieldError(
                        r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
                .toList();
        return problem(Problems.forFields(HttpStatus.BAD_REQUEST, "invalid-request", "The request has invalid parameters",
                errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return problem(Problems.forField(HttpStatus.BAD_REQUEST, "unknown-field", field,
                    "Unknown field '" + field + "'"));
        }
        if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
            String field = path((JsonMappingException) cause);
            if (!field.isEmpty()) {
                return problem(Problems.forField(HttpStatus.BAD_REQUEST, "invalid-field", field,
                        "Field '" + field + "' has the wrong type or format"));
            }
            return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "The request body has the wrong shape"));
        }
        if (cause instanceof JsonParseException parse) {
            return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed-json",
                    "The request body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                            + parse.getLocation().getColumnNr() + ")"));
        }
        if (cause instanceof JsonMappingException mapping && !path(mapping).isEmpty()) {
            String field = path(mapping);
            return problem(Problems.forField(HttpStatus.BAD_REQUEST, "invalid-field", field,
                    "Field '" + field + "' is invalid"));
        }
        return problem(Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "The request body is missing or unreadable"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        // Spring's own 4xx (405, 406, 415, 404 for unknown paths, missing parameters...): keep its status and detail,
        // add our type and code so that every problem body has the same shape.
        ProblemDetail spring = body instanceof ProblemDetail detail ? detail
                : ex instanceof ErrorResponse response ? response.getBody() : null;
        if (spring != null && (spring.getType() == null || "about:blank".equals(spring.getType().toString()))) {
            HttpStatus known = HttpStatus.resolve(statusCode.value());
            String code = known != null ? known.name().toLowerCase().replace('_', '-') : "error";
            ProblemDetail problem = Problems.of(statusCode, code, spring.getDetail());
            return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Object> refused(Refusal e) {
        HttpStatusCode status = HttpStatusCode.valueOf(e.status());
        ProblemDetail problem = e.field() == null ? Problems.of(status, e.code(), e.getMessage())
                : Problems.forField(status, e.code(), e.field(), e.getMessage());
        e.properties().forEach(problem::setProperty);
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
        if (e.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
        }
        return answer.body(problem);
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Object> missingHeader(MissingRequestHeaderException ex) {
        return problem(Problems.forField(HttpStatus.BAD_REQUEST, "missing-header", ex.getHeaderName(),
                "The header '" + ex.getHeaderName() + "' is required"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException ex) {
        return problem(Problems.forField(HttpStatus.BAD_REQUEST, "invalid-parameter", ex.getName(),
                "Parameter '" + ex.getName() + "' has the wrong type or format"));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex) {
        List<Problems.FieldError> errors = ex.getConstraintViolations().stream()
                .map(v -> new Problems.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        return problem(Problems.forFields(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid", errors));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException ex) {
        return problem(Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this"));
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException ex) {
        return problem(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "A valid bearer token is required"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        // A store that cannot be reached (PostgreSQL, MongoDB): a 503, the caller not at fault. In the fallback, not
        // an @ExceptionHandler: those classes are not on every service's classpath.
        if (StoreFailures.unreachable(ex)) {
            log.warn("Store unavailable: {}", ex.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                            "Our data store cannot be reached right now; please try again shortly"));
        }
        log.error("Unhandled failure", ex);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong on our side; nothing you sent was at fault"));
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** The JSON path of a mapping failure, as {@code items[2].quantity}. */
    static String path(JsonMappingException ex) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : ex.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
