package dev.brew.gateway.web;

import dev.brew.gateway.exchange.ProblemResponses;
import dev.brew.gateway.exchange.RequestIdFilter;
import dev.brew.gateway.routing.GatewayRoutes;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.netty.channel.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;

/**
 * Every error the gateway meets becomes an RFC 7807 problem, never a stack trace. This is also the circuit breakers'
 * fallback: a refused connection or an open breaker answers at once with a 503 naming the service, a response
 * timeout with a 504. A service's own error answers are not errors here: they pass through unchanged.
 */
@Component
@Order(-2) // before Spring Boot's DefaultErrorWebExceptionHandler (-1)
public class GatewayProblemHandler implements WebExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayProblemHandler.class);

    private final ProblemResponses problems;

    public GatewayProblemHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        return RequestIdFilter.logging(exchange, () -> {
            if (exchange.getResponse().isCommitted()) {
                // A stream already under way cannot change its status; close it.
                LOG.debug("Error after the response started: {}", error.toString());
                return Mono.<Void>error(error);
            }
            return problems.write(exchange, toProblem(exchange, error));
        });
    }

    ProblemDetail toProblem(ServerWebExchange exchange, Throwable error) {
        String service = GatewayRoutes.serviceOf(exchange);
        String name = service == null ? "the service" : service;
        if (isA(error, CallNotPermittedException.class) || isNamed(error, "io.github.resilience4j.bulkhead.BulkheadFullException")
                || isA(error, ConnectException.class) || isA(error, ConnectTimeoutException.class)
                || isA(error, UnknownHostException.class)
                || hasStatus(error, HttpStatus.SERVICE_UNAVAILABLE)) {
            LOG.warn("{} unavailable for {} {}: {}", name, exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), rootMessage(error));
            return withService(ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                    name + " is unavailable; try again shortly"), service);
        }
        if (isA(error, TimeoutException.class) || hasStatus(error, HttpStatus.GATEWAY_TIMEOUT)) {
            LOG.warn("{} did not answer in time for {} {}", name, exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath());
            return withService(ProblemResponses.problem(HttpStatus.GATEWAY_TIMEOUT, "gateway-timeout",
                    name + " did not answer in time"), service);
        }
        if (isA(error, DataBufferLimitException.class)) {
            return ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                    "The request or its answer is too large");
        }
        HttpStatusCode status = statusOf(error);
        if (status != null) {
            return forStatus(status);
        }
        if (service != null && isA(error, IOException.class)) {
            LOG.warn("{} broke off the exchange for {} {}: {}", name, exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(), rootMessage(error));
            return withService(ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "bad-gateway",
                    name + " broke off the answer"), service);
        }
        LOG.error("Unexpected error for {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                error);
        return ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "Something went wrong in the gateway");
    }

    private static ProblemDetail forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> ProblemResponses.problem(status, "not-found", "There is no such resource");
            case 405 -> ProblemResponses.problem(status, "method-not-allowed", "This method is not allowed here");
            case 413 -> ProblemResponses.problem(status, "payload-too-large", "The request body is too large");
            case 415 -> ProblemResponses.problem(status, "unsupported-media-type", "Unsupported content type");
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                String code = known == null ? "error"
                        : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
                yield ProblemResponses.problem(status, code,
                        known == null ? "The request failed" : known.getReasonPhrase());
            }
        };
    }

    private static ProblemDetail withService(ProblemDetail problem, String service) {
        if (service != null) {
            problem.setProperty("service", service);
        }
        return problem;
    }

    private static boolean hasStatus(Throwable error, HttpStatus status) {
        HttpStatusCode found = statusOf(error);
        return found != null && found.value() == status.value();
    }

    /** The status an exception stands for: a ResponseStatusException's, or its class's {@code @ResponseStatus}. */
    private static HttpStatusCode statusOf(Throwable error) {
        if (error instanceof ResponseStatusException e) {
            return e.getStatusCode();
        }
        ResponseStatus annotated = AnnotatedElementUtils.findMergedAnnotation(error.getClass(), ResponseStatus.class);
        return annotated == null ? null : annotated.code();
    }

    private static boolean isA(Throwable error, Class<? extends Throwable> type) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    /** For exceptions of libraries that are only on the runtime class path. */
    private static boolean isNamed(Throwable error, String className) {
        for (Throwable e = error; e != null && e.getCause() != e; e = e.getCause()) {
            if (e.getClass().getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
