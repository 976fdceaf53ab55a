package dev.brew.gateway.api;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static dev.brew.gateway.api.ApiRoute.Access.AUTHENTICATED;
import static dev.brew.gateway.api.ApiRoute.Access.PUBLIC;
import static dev.brew.gateway.api.ApiRoute.call;
import static dev.brew.gateway.api.Backend.COMMAND;
import static dev.brew.gateway.api.Backend.GATEWAY;
import static dev.brew.gateway.api.Backend.LOYALTY;
import static dev.brew.gateway.api.Backend.MEMBER;
import static dev.brew.gateway.api.Backend.QUERY;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * The public API (docs/spec.md, "HTTP API"), in match order: the first line whose method and path match wins, so the
 * event stream comes before {@code /api/orders/{id}}. Commands and queries of {@code /api/orders} go to different
 * services by method.
 */
public final class ApiRoutes {

    public static final List<ApiRoute> TABLE = List.of(
            call("sign-up", MEMBER, POST, PUBLIC, "/api/members").checkingPassword(),
            call("members", MEMBER, GET, AUTHENTICATED, "/api/members/**"),
            call("sign-in", MEMBER, POST, PUBLIC, "/api/sessions").as(ApiRoute.Kind.SIGN_IN).checkingPassword(),
            call("sign-out", GATEWAY, DELETE, PUBLIC, "/api/sessions").as(ApiRoute.Kind.SIGN_OUT),
            call("jwks", MEMBER, GET, PUBLIC, "/.well-known/jwks.json"),
            call("menu", COMMAND, GET, PUBLIC, "/api/menu"),
            call("order-commands", COMMAND, POST, AUTHENTICATED,
                    "/api/orders", "/api/orders/{id}/complete", "/api/orders/{id}/cancel",
                    // The counter steps (ADR 0900).
                    "/api/orders/{id}/accept", "/api/orders/{id}/ready", "/api/orders/{id}/picked-up",
                    "/api/orders/{id}/reject"),
            call("order-stream", QUERY, GET, AUTHENTICATED, "/api/orders/stream").as(ApiRoute.Kind.STREAM),
            call("order-queries", QUERY, GET, AUTHENTICATED, "/api/orders", "/api/orders/mine", "/api/orders/open",
                    "/api/orders/{id}"),
            call("admin", QUERY, null, AUTHENTICATED, "/api/admin/**"),
            // A reward is reserved by command-service while it places the order (ADR 0801), not through here.
            call("loyalty", LOYALTY, GET, AUTHENTICATED, "/api/loyalty/me", "/api/recommendations"));

    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;

    private ApiRoutes() {
    }

    /** The methods the API accepts on this path (for a 405's {@code Allow}); empty if the path is unknown. */
    public static Set<HttpMethod> methodsFor(String path) {
        PathContainer container = PathContainer.parsePath(path);
        Set<HttpMethod> methods = new LinkedHashSet<>();
        for (ApiRoute route : TABLE) {
            for (String pattern : route.paths()) {
                PathPattern parsed = PARSER.parse(pattern);
                if (parsed.matches(container)) {
                    if (route.method() == null) {
                        return Set.of();
                    }
                    methods.add(route.method());
                }
            }
        }
        return methods;
    }
}
