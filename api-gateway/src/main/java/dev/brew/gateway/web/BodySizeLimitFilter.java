package dev.brew.gateway.web;

import dev.brew.gateway.config.GatewayProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * Refuses request bodies over {@code brew.limits.max-body-size} with a 413 problem before anything else is done with
 * them. A declared {@code Content-Length} is checked at once. Every body is then read whole (at most the limit is
 * held) before the request goes on, with its length known, so a service never sees a half-sent body.
 *
 * <p>A body that does not arrive whole within {@code brew.limits.body-timeout} is the client's failure: a 408
 * problem, and the connection is closed. Reading it here, before routing, keeps a slow upload away from the service
 * and its circuit breaker: streamed through, the service would wait for the rest, the gateway's response timeout
 * would fire, and the breaker would count it against the service — ten anonymous slow sign-ins opened
 * member-service's breaker for everyone.
 */
@Component
public class BodySizeLimitFilter implements WebFilter, Ordered {

    /** Stands for a body that did not arrive in time; nothing after this filter raises it. */
    private static final Exception SLOW_BODY = new Exception("request body not received in time", null, false, false) {
    };

    private final long maxBytes;
    private final Duration bodyTimeout;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(GatewayProperties properties, ProblemResponses problems,
                               @Value("${brew.limits.body-timeout:5s}") Duration bodyTimeout) {
        this.maxBytes = properties.limits().maxBodySize().toBytes();
        this.bodyTimeout = bodyTimeout;
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        long declared = headers.getContentLength();
        if (declared > maxBytes) {
            return tooLarge(exchange);
        }
        if (declared == 0 || (declared < 0 && !headers.containsKey(HttpHeaders.TRANSFER_ENCODING))) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), (int) Math.min(maxBytes, Integer.MAX_VALUE))
                .timeout(bodyTimeout, Mono.error(SLOW_BODY))
                .map(body -> withBody(exchange, body))
                .switchIfEmpty(Mono.fromSupplier(() -> withBody(exchange, null)))
                .flatMap(chain::filter)
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange))
                .onErrorResume(e -> e == SLOW_BODY, e -> tooSlow(exchange));
    }

    private Mono<Void> tooSlow(ServerWebExchange exchange) {
        // The rest of the body may never come: the connection cannot be used for another request.
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout",
                "The request body did not arrive within " + bodyTimeout.toSeconds() + " s"));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange) {
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                "The request body is larger than " + maxBytes + " bytes"));
    }

    private static ServerWebExchange withBody(ServerWebExchange exchange, DataBuffer body) {
        int length = body == null ? 0 : body.readableByteCount();
        ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public HttpHeaders getHeaders() {
                HttpHeaders copy = new HttpHeaders();
                copy.putAll(super.getHeaders());
                copy.remove(HttpHeaders.TRANSFER_ENCODING);
                copy.setContentLength(length);
                return copy;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                return body == null ? Flux.empty() : Flux.just(body);
            }
        };
        return exchange.mutate().request(request).build();
    }
}
