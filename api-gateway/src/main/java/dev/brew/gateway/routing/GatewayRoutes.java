package dev.brew.gateway.routing;

import dev.brew.gateway.api.ApiRoute;
import dev.brew.gateway.api.ApiRoutes;
import dev.brew.gateway.api.Backend;
import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.security.SessionCookies;
import dev.brew.gateway.exchange.ProblemResponses;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.GatewayFilterSpec;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.springframework.cloud.gateway.support.RouteMetadataUtils.CONNECT_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;

/**
 * Builds the gateway's routes from {@link ApiRoutes#TABLE}. Every proxied call gets its service's connect and
 * response timeouts and its service's circuit breaker (one breaker per service, shared by that service's routes);
 * the event stream gets neither a response timeout nor a breaker, as it is meant to stay open. A last route answers
 * every other {@code /api} call with a 404 (or 405 with {@code Allow}) problem.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayRoutes {

    /** Route metadata: the service a route leads to, for problem bodies and logs. */
    public static final String SERVICE_METADATA = "brew-service";
    private static final URI LOCAL = URI.create("no://op");

    @Bean
    RouteLocator brewRoutes(RouteLocatorBuilder builder, GatewayProperties properties, SessionCookies cookies,
                            ProblemResponses problems) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        QueryCanaryFilter canary = new QueryCanaryFilter(properties.canary().query());
        int order = 0;
        for (ApiRoute api : ApiRoutes.TABLE) {
            int routeOrder = order++;
            routes.route(api.id(), predicate -> matching(predicate.order(routeOrder), api)
                    .filters(filters -> filters(filters, api, cookies, canary))
                    .metadata(metadata(api, properties.timeouts()))
                    .uri(uriOf(api.backend(), properties.services())));
        }
        routes.route("api-unknown", predicate -> predicate.order(Integer.MAX_VALUE).path("/api/**", "/api")
                .filters(filters -> filters.filter(notFound(problems)))
                .uri(LOCAL));
        return routes.build();
    }

    private static BooleanSpec matching(PredicateSpec predicate, ApiRoute api) {
        String[] paths = api.paths().toArray(String[]::new);
        return api.method() == null ? predicate.path(paths) : predicate.method(api.method()).and().path(paths);
    }

    private static GatewayFilterSpec filters(GatewayFilterSpec filters, ApiRoute api, SessionCookies cookies,
                                             QueryCanaryFilter canary) {
        if (api.kind() == ApiRoute.Kind.SIGN_OUT) {
            return filters.filter(signOut(cookies));
        }
        if (api.kind() != ApiRoute.Kind.STREAM) {
            // No fallback URI: the breaker's "fallback" is GatewayProblemHandler, which answers a 503 problem
            // naming the service for a refused connection or an open breaker, and 504 for a timeout.
            filters.circuitBreaker(breaker -> breaker.setName(api.backend().serviceName()));
        }
        if (BALANCED.contains(api.backend())) {
            // Inside the breaker (added after it): the breaker sees a call's outcome after the safe retries on
            // another instance, so an instance going away does not open it for everyone (ADR 0310).
            filters.filter(new SafeRetryFilter(api.kind() == ApiRoute.Kind.STREAM));
        }
        if (api.kind() == ApiRoute.Kind.SIGN_IN) {
            filters.modifyResponseBody(String.class, String.class, cookies::onSignIn);
        }
        if (api.backend() == Backend.QUERY) {
            filters.filter(canary, canary.getOrder(), true);
        }
        return filters;
    }

    private static Map<String, Object> metadata(ApiRoute api, GatewayProperties.Timeouts timeouts) {
        return Map.of(SERVICE_METADATA, api.backend().serviceName(),
                CONNECT_TIMEOUT_ATTR, (int) timeouts.connect().toMillis(),
                // -1 switches the response timeout off for this route.
                RESPONSE_TIMEOUT_ATTR, api.kind() == ApiRoute.Kind.STREAM ? -1L
                        : (api.checksPassword() ? timeouts.passwordCheck() : timeouts.response()).toMillis());
    }

    /** The services that may run as several instances: routed through Spring Cloud LoadBalancer (ADR 0310). */
    static final java.util.Set<Backend> BALANCED = java.util.EnumSet.of(Backend.COMMAND, Backend.QUERY,
            Backend.MEMBER);

    private static URI uriOf(Backend backend, GatewayProperties.Services services) {
        if (BALANCED.contains(backend)) {
            // lb://command-service: each call picks one of the ready instances ServiceInstances lists.
            return URI.create("lb://" + backend.serviceName());
        }
        return switch (backend) {
            case LOYALTY -> services.loyalty();
            default -> LOCAL;
        };
    }

    @Bean
    ServiceInstances brewServiceInstances(GatewayProperties properties) {
        return new ServiceInstances(properties.services());
    }

    /**
     * Each balanced service's load balancer (a child context per service, Spring Cloud LoadBalancer's own) gets its
     * instances from {@link ReadyInstances}.
     */
    @org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients(
            defaultConfiguration = ReadyInstancesConfiguration.class)
    @Configuration(proxyBeanMethods = false)
    static class Balancing {
    }

    private static GatewayFilter signOut(SessionCookies cookies) {
        return (exchange, chain) -> {
            exchange.getResponse().addCookie(cookies.cleared());
            exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT);
            return exchange.getResponse().setComplete();
        };
    }

    private static GatewayFilter notFound(ProblemResponses problems) {
        return (exchange, chain) -> {
            Set<HttpMethod> allowed = ApiRoutes.methodsFor(exchange.getRequest().getPath().value());
            if (allowed.isEmpty()) {
                return problems.write(exchange, ProblemResponses.problem(HttpStatus.NOT_FOUND, "not-found",
                        "There is no such API call"));
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.ALLOW,
                    allowed.stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
            ProblemDetail problem = ProblemResponses.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
                    exchange.getRequest().getMethod() + " is not allowed here");
            return problems.write(exchange, problem);
        };
    }

    /** The service the exchange's route leads to, or null outside a route. */
    public static String serviceOf(ServerWebExchange exchange) {
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        return route == null ? null : (String) route.getMetadata().get(SERVICE_METADATA);
    }
}
