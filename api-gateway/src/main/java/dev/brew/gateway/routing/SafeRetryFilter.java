package dev.brew.gateway.routing;

import io.netty.channel.ConnectTimeoutException;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.net.ConnectException;

/**
 * Spring Cloud Gateway's own retry filter, applied only where a second attempt cannot do a thing twice (ADR 0310):
 * <ul>
 *   <li>a call that could not connect (refused, or no connection within the connect timeout) never reached any
 *   instance, so any call is tried again on the next one;</li>
 *   <li>a GET, or a POST carrying an {@code Idempotency-Key}, is also tried again when its connection broke after
 *   it was sent (closed or reset before an answer), since repeating it changes nothing;</li>
 *   <li>nothing else: no retry of an answer (a service's 5xx stands) and none of a response timeout.</li>
 * </ul>
 * Each attempt goes through the load balancer again, which picks the next ready instance. The route's breaker sits
 * outside this filter, so it counts the call's outcome after the retries, not each failed attempt: an instance
 * going away does not open the breaker for everyone.
 */
public class SafeRetryFilter implements GatewayFilter {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Attempts after the first: with two instances, one more is the other instance; two cover a stale pick. */
    static final int RETRIES = 2;

    private final GatewayFilter connectFailures;
    private final GatewayFilter brokenConnections;
    private final boolean connectFailuresOnly;

    /**
     * @param connectFailuresOnly for the event stream: once it flows, a broken stream is the client's to resume
     *                            ({@code Last-Event-ID}), never the gateway's to restart
     */
    public SafeRetryFilter(boolean connectFailuresOnly) {
        this.connectFailuresOnly = connectFailuresOnly;
        RetryGatewayFilterFactory factory = new RetryGatewayFilterFactory();
        this.connectFailures = factory.apply(new RetryGatewayFilterFactory.RetryConfig()
                .allMethods()
                .setRetries(RETRIES)
                .setSeries()
                .setStatuses()
                .setExceptions(ConnectException.class, ConnectTimeoutException.class));
        this.brokenConnections = factory.apply(new RetryGatewayFilterFactory.RetryConfig()
                .setMethods(HttpMethod.GET, HttpMethod.POST)
                .setRetries(RETRIES)
                .setSeries()
                .setStatuses()
                // Includes Reactor Netty's PrematureCloseException and a reset connection.
                .setExceptions(ConnectException.class, ConnectTimeoutException.class, IOException.class));
    }

    /** Whether a call may be sent again after its connection broke mid-way. */
    public static boolean repeatable(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        return HttpMethod.GET.equals(method) || (HttpMethod.POST.equals(method)
                && exchange.getRequest().getHeaders().getFirst(IDEMPOTENCY_KEY) != null);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        GatewayFilter retry = !connectFailuresOnly && repeatable(exchange) ? brokenConnections : connectFailures;
        // Each attempt reads the body again. A body has been read whole by the gateway's body-size filter, which
        // hands every reader its own reference (ADR 0126); not Spring Cloud Gateway's cacheRequestBodyAndRequest,
        // whose clean-up frees the body while an attempt's write may still hold it. A call without a body gets an
        // empty one here, as the client connection's own body can be subscribed to only once.
        ServerHttpRequest request = exchange.getRequest();
        if (request.getHeaders().getContentLength() <= 0) {
            request = new ServerHttpRequestDecorator(request) {
                @Override
                public Flux<DataBuffer> getBody() {
                    return Flux.empty();
                }
            };
            exchange = exchange.mutate().request(request).build();
        }
        return retry.filter(exchange, chain);
    }
}
