package dev.brew.gateway.security;

import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.api.ApiRoute;
import dev.brew.gateway.api.ApiRoutes;
import org.springframework.core.Ordered;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the session cookie into {@code Authorization: Bearer ...} for safe calls (GET, HEAD) that carry no
 * {@code Authorization} header of their own, so the browser's {@code EventSource} (which cannot send headers) can
 * open the order stream, and no token ever travels in a URL. Writes never get a token from the cookie: they must
 * carry the header, which a cross-site page cannot add, and that is the CSRF protection.
 *
 * <p>The cookie itself never goes on to a service: it is removed from every proxied request's {@code Cookie}
 * header, so services see tokens in one place only.
 */
@Component
public class SessionCookieFilter implements WebFilter, Ordered {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    private final String cookieName;
    private final List<PathPattern> publicGets;

    public SessionCookieFilter(GatewayProperties properties) {
        this.cookieName = properties.session().cookieName();
        this.publicGets = ApiRoutes.TABLE.stream()
                .filter(ApiRoute::isPublic)
                .filter(route -> route.method() == null || route.method() == HttpMethod.GET)
                .flatMap(route -> route.paths().stream())
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    @Override
    public int getOrder() {
        // Before Spring Security's chain (-100), which must see the header.
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpCookie cookie = request.getCookies().getFirst(cookieName);
        if (cookie == null) {
            return chain.filter(exchange);
        }
        boolean asBearer = SAFE.contains(request.getMethod())
                && !request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)
                && !cookie.getValue().isBlank()
                && !isPublic(request);
        ServerHttpRequest rewritten = request.mutate().headers(headers -> {
            if (asBearer) {
                headers.setBearerAuth(cookie.getValue());
            }
            withoutSessionCookie(headers);
        }).build();
        return chain.filter(exchange.mutate().request(rewritten).build());
    }

    /** Public calls never get a token from the cookie: an expired cookie must not turn the menu into a 401. */
    private boolean isPublic(ServerHttpRequest request) {
        PathContainer path = request.getPath().pathWithinApplication();
        return publicGets.stream().anyMatch(pattern -> pattern.matches(path));
    }

    private void withoutSessionCookie(HttpHeaders headers) {
        List<String> kept = headers.getOrEmpty(HttpHeaders.COOKIE).stream()
                .flatMap(line -> java.util.Arrays.stream(line.split(";")))
                .map(String::trim)
                .filter(pair -> !pair.isEmpty() && !pair.startsWith(cookieName + "="))
                .toList();
        headers.remove(HttpHeaders.COOKIE);
        if (!kept.isEmpty()) {
            headers.set(HttpHeaders.COOKIE, kept.stream().collect(Collectors.joining("; ")));
        }
    }
}
