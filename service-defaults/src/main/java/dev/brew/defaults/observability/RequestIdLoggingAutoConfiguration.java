package dev.brew.defaults.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * The gateway gives every call an {@code X-Request-Id}; a servlet service puts it into the log MDC for the whole
 * request (and Axon's interceptors carry it on into commands and events). An id of an unexpected shape is ignored.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RequestIdLoggingAutoConfiguration {

    static final String HEADER = "X-Request-Id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    @SuppressWarnings("try")
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> requestIdLoggingFilter() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new OncePerRequestFilter() {
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                    FilterChain chain) throws ServletException, IOException {
                        String id = request.getHeader(HEADER);
                        try (LogContext ignored = LogContext.of(LogContext.REQUEST_ID,
                                id != null && SANE.matcher(id).matches() ? id : null)) {
                            chain.doFilter(request, response);
                        }
                    }

                    @Override
                    protected boolean shouldNotFilterAsyncDispatch() {
                        return false;
                    }
                });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
