package dev.brew.gateway.security;

import dev.brew.gateway.exchange.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * 401, 403 and "cannot check tokens now" (503) as problem bodies. A 401 keeps the {@code WWW-Authenticate: Bearer}
 * header bearer clients expect, without echoing why a token was refused (that goes to the log only).
 */
final class ProblemAuthenticationHandlers
        implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler, ServerAuthenticationFailureHandler {

    private final ProblemResponses problems;

    ProblemAuthenticationHandlers(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException e) {
        boolean tokenGiven = e instanceof InvalidBearerTokenException
                || exchange.getRequest().getHeaders().containsKey(HttpHeaders.AUTHORIZATION);
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                tokenGiven ? "Bearer error=\"invalid_token\"" : "Bearer");
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                tokenGiven ? "The token is not valid" : "A valid bearer token is required for this call"));
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException e) {
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden",
                "You are not allowed to do this"));
    }

    @Override
    public Mono<Void> onAuthenticationFailure(WebFilterExchange webFilterExchange, AuthenticationException e) {
        ServerWebExchange exchange = webFilterExchange.getExchange();
        if (e instanceof AuthenticationServiceException) {
            // The token could not be checked at all (no signing keys yet and member-service unreachable):
            // the caller's token may well be fine, so this is not a 401.
            var problem = ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable",
                    "Tokens cannot be checked right now; try again shortly");
            problem.setProperty("service", "member-service");
            return problems.write(exchange, problem);
        }
        return commence(exchange, e);
    }
}
