package dev.brew.gateway.web;

import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.exchange.ProblemResponses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;

/**
 * Limits each member's calls to {@code /api} (by the token's {@code sub}; anonymous calls by client address) with an
 * in-process token bucket, answering 429 with {@code Retry-After}. It runs after authentication, so a member is
 * known by the verified token only. Each replica counts alone: with N replicas a member may get up to N times the
 * limit. That is accepted (see ADR 0304): the limit protects the services from one runaway client, not a quota.
 */
@Component
public class RateLimitFilter implements WebFilter, Ordered {

    private final boolean enabled;
    private final TokenBuckets buckets;
    private final ProblemResponses problems;
    private final Counter rejected;

    public RateLimitFilter(GatewayProperties properties, ProblemResponses problems, MeterRegistry meters) {
        GatewayProperties.RateLimit limit = properties.rateLimit();
        this.enabled = limit.enabled();
        this.buckets = new TokenBuckets(limit.capacity(), limit.refillPerSecond(), System::nanoTime);
        this.problems = problems;
        this.rejected = Counter.builder("brew.gateway.rate.limited")
                .description("Calls refused with 429 by the per-member rate limit").register(meters);
    }

    @Override
    public int getOrder() {
        // After Spring Security's filter chain (order -100), which has made the verified token the principal.
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!enabled || !exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(RateLimitFilter::callerOf)
                .switchIfEmpty(Mono.fromSupplier(() -> "address:" + address(exchange)))
                .flatMap(caller -> {
                    Duration wait = buckets.take(caller);
                    if (wait.isZero()) {
                        return chain.filter(exchange);
                    }
                    rejected.increment();
                    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                    exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                    ProblemDetail problem = ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                            "Too many calls; try again in " + seconds + " s");
                    problem.setProperty("retryAfterSeconds", seconds);
                    return problems.write(exchange, problem);
                });
    }

    private static String callerOf(Principal principal) {
        return principal instanceof JwtAuthenticationToken jwt ? "member:" + jwt.getToken().getSubject()
                : "principal:" + principal.getName();
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }
}
