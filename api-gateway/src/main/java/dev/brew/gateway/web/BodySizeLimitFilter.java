package dev.brew.gateway.web;

import dev.brew.gateway.config.GatewayProperties;
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

/**
 * Refuses request bodies over {@code brew.limits.max-body-size} with a 413 problem before anything else is done with
 * them. A declared {@code Content-Length} is checked at once; a chunked body is read up to the limit (at most that
 * many bytes are held) and then handed on with its length known, so a service never sees a half-sent body.
 */
@Component
public class BodySizeLimitFilter implements WebFilter, Ordered {

    private final long maxBytes;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(GatewayProperties properties, ProblemResponses problems) {
        this.maxBytes = properties.limits().maxBodySize().toBytes();
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
        if (declared >= 0 || !headers.containsKey(HttpHeaders.TRANSFER_ENCODING)) {
            return chain.filter(exchange);
        }
        return DataBufferUtils.join(exchange.getRequest().getBody(), (int) Math.min(maxBytes, Integer.MAX_VALUE))
                .map(body -> withBody(exchange, body))
                .switchIfEmpty(Mono.fromSupplier(() -> withBody(exchange, null)))
                .flatMap(chain::filter)
                .onErrorResume(DataBufferLimitException.class, e -> tooLarge(exchange));
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
