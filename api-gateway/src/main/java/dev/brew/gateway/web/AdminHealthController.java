package dev.brew.gateway.web;

import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.exchange.ProblemResponses;
import dev.brew.gateway.exchange.RequestIdFilter;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/admin/health}, for the operator panel: the readiness of each service behind the gateway, asked
 * directly (the services' actuator endpoints are not reachable from outside). Answered by the gateway itself, so it
 * works whichever service is down. Operators only; the gateway otherwise leaves authorization to the services, but
 * this call has no service behind it. A controller mapping is matched before the gateway's routes, so the
 * {@code /api/admin/**} route to query-service does not see this path.
 */
@RestController
class AdminHealthController {

    static final String OPERATOR = "OPERATOR";
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final ParameterizedTypeReference<Map<String, Object>> READINESS_BODY =
            new ParameterizedTypeReference<>() {
            };

    private final WebClient client;
    private final Map<String, List<URI>> services;

    AdminHealthController(WebClient.Builder builder, GatewayProperties properties) {
        this.client = builder.build();
        GatewayProperties.Services uris = properties.services();
        this.services = new LinkedHashMap<>();
        // Every instance: a service is UP while one of them is (during a rolling restart the other serves).
        services.put("member-service", uris.member());
        services.put("command-service", uris.command());
        services.put("query-service", uris.query());
    }

    /** One service's readiness: UP, DOWN (unreachable, or its checks failed), or OUT_OF_SERVICE. */
    record ServiceHealth(String name, String status) {
    }

    record Health(String status, List<ServiceHealth> services, Instant checkedAt) {
    }

    @GetMapping(path = "/api/admin/health")
    Mono<ResponseEntity<Object>> health(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        List<String> roles = jwt == null ? null : jwt.getClaimAsStringList("roles");
        if (roles == null || !roles.contains(OPERATOR)) {
            ProblemDetail problem = ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden",
                    "Only operators may see the services' health");
            problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
            String requestId = RequestIdFilter.requestId(exchange);
            if (requestId != null) {
                problem.setProperty("requestId", requestId);
            }
            return Mono.just(ResponseEntity.status(HttpStatus.FORBIDDEN)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem));
        }
        return Flux.fromIterable(services.entrySet())
                .flatMapSequential(service -> Flux.fromIterable(service.getValue())
                        .flatMap(this::readiness)
                        .collectList()
                        .map(statuses -> new ServiceHealth(service.getKey(), statuses.contains("UP") ? "UP"
                                : statuses.get(0))))
                .collectList()
                .map(list -> {
                    List<ServiceHealth> all = new ArrayList<>();
                    all.add(new ServiceHealth("api-gateway", "UP"));
                    all.addAll(list);
                    boolean up = all.stream().allMatch(s -> "UP".equals(s.status()));
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                            .body(new Health(up ? "UP" : "DOWN", all, Instant.now()));
                });
    }

    private Mono<String> readiness(URI base) {
        return client.get().uri(base.resolve("/actuator/health/readiness"))
                .accept(MediaType.APPLICATION_JSON)
                // A 503 readiness answer still carries {"status": "DOWN" | "OUT_OF_SERVICE"}.
                .exchangeToMono(response -> response.bodyToMono(READINESS_BODY)
                        .map(body -> String.valueOf(body.getOrDefault("status", "UNKNOWN")))
                        .defaultIfEmpty(response.statusCode().is2xxSuccessful() ? "UP" : "DOWN"))
                .timeout(TIMEOUT)
                .onErrorReturn("DOWN");
    }
}
