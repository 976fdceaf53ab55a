package dev.brew.gateway.routing;

import dev.brew.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.security.Principal;
import java.util.concurrent.ThreadLocalRandom;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;

/**
 * Sends a share of query-service traffic to a second version ({@code brew.canary.query}): every request with
 * {@code X-Brew-Canary: true}, and {@code weight}% of members, chosen by their id so that a member stays on one
 * version for all their calls (their stream and their queries agree). Anonymous calls are chosen at random.
 * With no canary URI or weight 0 and no header, it does nothing.
 */
public class QueryCanaryFilter implements GatewayFilter, Ordered {

    public static final String HEADER = "X-Brew-Canary";

    private final GatewayProperties.Canary.Target canary;

    public QueryCanaryFilter(GatewayProperties.Canary.Target canary) {
        this.canary = canary;
    }

    /** Whether a member falls in the canary share: a stable bucket 0–99 from the member id. */
    public static boolean inShare(String memberId, int weight) {
        return Math.floorMod(memberId.hashCode(), 100) < weight;
    }

    @Override
    public int getOrder() {
        // After the route's URI has been applied to the request, before the request is sent.
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (canary == null || !canary.configured()) {
            return chain.filter(exchange);
        }
        if ("true".equalsIgnoreCase(exchange.getRequest().getHeaders().getFirst(HEADER))) {
            return toCanary(exchange, chain);
        }
        if (canary.weight() <= 0) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal()
                .map(principal -> inShare(memberIdOf(principal), canary.weight()))
                .defaultIfEmpty(ThreadLocalRandom.current().nextInt(100) < canary.weight())
                .flatMap(chosen -> chosen ? toCanary(exchange, chain) : chain.filter(exchange));
    }

    private Mono<Void> toCanary(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI current = exchange.getRequiredAttribute(GATEWAY_REQUEST_URL_ATTR);
        URI target = UriComponentsBuilder.fromUri(current)
                .scheme(canary.uri().getScheme())
                .host(canary.uri().getHost())
                .port(canary.uri().getPort())
                .build(true)
                .toUri();
        exchange.getAttributes().put(GATEWAY_REQUEST_URL_ATTR, target);
        return chain.filter(exchange);
    }

    private static String memberIdOf(Principal principal) {
        return principal instanceof JwtAuthenticationToken jwt ? jwt.getToken().getSubject() : principal.getName();
    }
}
