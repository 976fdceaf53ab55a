package dev.brew.defaults.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brew.defaults.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

import java.io.IOException;

/**
 * 401 and 403 as problem bodies, keeping the {@code WWW-Authenticate} header that bearer-token clients expect; a token
 * that cannot be checked because the issuer's keys cannot be had is a 503 with {@code Retry-After}.
 */
class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler,
        AuthenticationFailureHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final ObjectMapper objectMapper;

    ProblemAuthenticationHandlers(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e);
        write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized",
                "A valid bearer token is required for this call"));
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException e) throws IOException {
        if (e instanceof AuthenticationServiceException) {
            response.setHeader("Retry-After", "5");
            write(response, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "authentication-unavailable",
                    "Tokens cannot be checked right now: the issuer's keys are out of reach; try again shortly"));
        } else {
            commence(request, response, e);
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "You are not allowed to do this"));
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }
}
