package dev.brew.gateway.exchange;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Gives every request an {@code X-Request-Id}: a sane incoming one is kept (so a caller can follow its own id), anything
 * else is replaced by a fresh UUID. The id goes to the service with the proxied request, back to the caller with
 * the response, and into the MDC of the gateway's own log lines about the exchange ({@link #logging}): the access
 * log, problems, the sign-in's cookie step. An access-log line closes each failed or slow exchange (every exchange at
 * DEBUG).
 *
 * <p>Put there by the line's writer, not restored by Reactor on every operator of every exchange
 * ({@code spring.reactor.context-propagation=auto}): that restoring, with the observation scopes it opened, was 11% of
 * the gateway's event-loop samples and 13–17% of its CPU (docs/benchmarks.md entry 16, ADR 0121).
 */
@Component
public class RequestIdFilter implements WebFilter, Ordered {

    public static final String HEADER = "X-Request-Id";
    /** The MDC key of the request id. */
    private static final String MDC_KEY = "requestId";

    static final Logger ACCESS_LOG = LoggerFactory.getLogger("dev.brew.gateway.access");
    private static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";
    /** A call at least this slow is logged at INFO even when it succeeded. */
    static final long SLOW_MS = 1_000;
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    public static String requestId(ServerWebExchange exchange) {
        return exchange.getAttribute(ATTRIBUTE);
    }

    /** Runs {@code log} (log lines about {@code exchange}) with the exchange's request id in the MDC. */
    public static void logging(ServerWebExchange exchange, Runnable log) {
        logging(exchange, () -> {
            log.run();
            return null;
        });
    }

    /** Runs {@code work}, which logs lines about {@code exchange}, with the exchange's request id in the MDC. */
    public static <T> T logging(ServerWebExchange exchange, Supplier<T> work) {
        String id = requestId(exchange);
        if (id == null) {
            return work.get();
        }
        MDC.put(MDC_KEY, id);
        try {
            return work.get();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String incoming = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        exchange.getAttributes().put(ATTRIBUTE, id);
        ServerHttpRequest request = exchange.getRequest().mutate().headers(h -> h.set(HEADER, id)).build();
        ServerWebExchange withId = exchange.mutate().request(request).build();
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        long started = System.nanoTime();
        return chain.filter(withId)
                .doFinally(signal -> accessLog(withId, signal, started));
    }

    /**
     * A failed (4xx/5xx), slow or cancelled call is logged at INFO; a plain successful one only at DEBUG: a line per
     * call cost ~7% of the gateway's CPU per order, and the HTTP metrics and traces already count those.
     */
    private static void accessLog(ServerWebExchange exchange, SignalType signal, long started) {
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/actuator") || !ACCESS_LOG.isInfoEnabled()) {
            return;
        }
        var status = exchange.getResponse().getStatusCode();
        long millis = (System.nanoTime() - started) / 1_000_000;
        boolean notable = status == null || status.isError() || millis >= SLOW_MS || signal == SignalType.CANCEL;
        if (!notable && !ACCESS_LOG.isDebugEnabled()) {
            return;
        }
        String format = "{} {} {} {} ms{}";
        Object[] values = {exchange.getRequest().getMethod(), path, status == null ? "-" : status.value(), millis,
                signal == SignalType.CANCEL ? " (cancelled by the client)" : ""};
        logging(exchange, () -> {
            if (notable) {
                ACCESS_LOG.info(format, values);
            } else {
                ACCESS_LOG.debug(format, values);
            }
        });
    }
}
