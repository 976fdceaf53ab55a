package dev.brew.gateway.web;

import dev.brew.gateway.config.GatewayProperties;
import dev.brew.gateway.exchange.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
 *
 * <p>An oversized body is read and thrown away (up to {@code brew.limits.max-discard-size}, within the body
 * timeout) before the 413 is sent: a client that writes its whole body before reading (issue 19) would otherwise
 * meet a connection closed on unread bytes, which TCP turns into a reset that destroys the answer. A client that
 * asked {@code Expect: 100-continue} has sent nothing yet and gets the 413 at once; a body beyond the discard bound
 * gets it at once too, and the connection is closed (ADR 0136).
 *
 * <p>The body read here is owned here for the whole exchange (ADR 0126): each reader downstream (the proxy's write
 * to a service, and each safe retry's write again) gets its own reference to it, which Netty releases once it has
 * written or dropped it, and this filter releases its own when the exchange ends, whether or not anything read it.
 * A call refused before routing (401, 429, 404, an open breaker) therefore frees its body, and a write still queued
 * on a service's connection when the exchange ends (a response timeout, a client gone) still holds valid bytes.
 */
@Component
public class BodySizeLimitFilter implements WebFilter, Ordered {

    /** Stands for a body that did not arrive in time; nothing after this filter raises it. */
    private static final Exception SLOW_BODY = new Exception("request body not received in time", null, false, false) {
    };
    /** Stands for a body beyond what is worth reading only to throw away. */
    private static final RuntimeException BEYOND_DISCARD = new RuntimeException(
            "request body beyond the discard bound", null, false, false) {
    };

    private final long maxBytes;
    private final long maxDiscardBytes;
    private final Duration bodyTimeout;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(GatewayProperties properties, ProblemResponses problems,
                               @Value("${brew.limits.body-timeout:5s}") Duration bodyTimeout,
                               @Value("${brew.limits.max-discard-size:8MB}") DataSize maxDiscard) {
        this.maxBytes = properties.limits().maxBodySize().toBytes();
        this.maxDiscardBytes = Math.max(maxBytes, maxDiscard.toBytes());
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
        if (declared > maxBytes && (declared > maxDiscardBytes || expectsContinue(headers))) {
            return tooLarge(exchange, true);
        }
        if (declared == 0 || (declared < 0 && !headers.containsKey(HttpHeaders.TRANSFER_ENCODING))) {
            return chain.filter(exchange);
        }
        Body body = new Body(exchange.getResponse().bufferFactory());
        return exchange.getRequest().getBody()
                .doOnNext(body::add)
                .then(Mono.fromSupplier(body::whole))
                .timeout(bodyTimeout, Mono.error(SLOW_BODY))
                .doOnError(e -> body.release())
                .doOnCancel(body::release)
                .flatMap(whole -> whole.isPresent() ? forward(exchange, chain, new HeldBody(whole.get()))
                        : tooLarge(exchange, false))
                .onErrorResume(e -> e == BEYOND_DISCARD, e -> tooLarge(exchange, true))
                .onErrorResume(e -> e == SLOW_BODY, e -> body.overflowed ? tooLarge(exchange, true)
                        : tooSlow(exchange));
    }

    private static boolean expectsContinue(HttpHeaders headers) {
        return "100-continue".equalsIgnoreCase(headers.getFirst(HttpHeaders.EXPECT));
    }

    /**
     * The body as it arrives: kept while within the limit, then only counted (its buffers released at once) up to
     * the discard bound. Plain plumbing because {@code DataBufferUtils.join} stops reading at its limit, and what a
     * client has still to send is exactly what must be read here.
     */
    private final class Body {
        private final DataBufferFactory buffers;
        private final List<DataBuffer> kept = new ArrayList<>();
        private long length;
        private boolean overflowed;

        Body(DataBufferFactory buffers) {
            this.buffers = buffers;
        }

        synchronized void add(DataBuffer buffer) {
            length += buffer.readableByteCount();
            if (length <= maxBytes) {
                kept.add(buffer);
                return;
            }
            DataBufferUtils.release(buffer);
            if (!overflowed) {
                overflowed = true;
                release();
            }
            if (length > maxDiscardBytes) {
                throw BEYOND_DISCARD;
            }
        }

        /** The whole body, or nothing when it was too large. */
        synchronized Optional<DataBuffer> whole() {
            if (overflowed) {
                return Optional.empty();
            }
            DataBuffer joined = kept.isEmpty() ? buffers.allocateBuffer(0) : buffers.join(new ArrayList<>(kept));
            kept.clear();
            return Optional.of(joined);
        }

        synchronized void release() {
            kept.forEach(DataBufferUtils::release);
            kept.clear();
        }
    }

    private Mono<Void> tooSlow(ServerWebExchange exchange) {
        // The rest of the body may never come: the connection cannot be used for another request.
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.REQUEST_TIMEOUT, "request-timeout",
                "The request body did not arrive within " + bodyTimeout.toSeconds() + " s"));
    }

    private Mono<Void> tooLarge(ServerWebExchange exchange, boolean unread) {
        if (unread) {
            // Part of the body was not read: the connection cannot carry another request.
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        return problems.write(exchange, ProblemResponses.problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
                "The request body is larger than " + maxBytes + " bytes"));
    }

    private static Mono<Void> forward(ServerWebExchange exchange, WebFilterChain chain, HeldBody body) {
        return chain.filter(withBody(exchange, body)).doFinally(signal -> body.release());
    }

    private static ServerWebExchange withBody(ServerWebExchange exchange, HeldBody body) {
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(exchange.getRequest().getHeaders());
        headers.remove(HttpHeaders.TRANSFER_ENCODING);
        headers.setContentLength(body.length());
        HttpHeaders readOnly = HttpHeaders.readOnlyHttpHeaders(headers);
        ServerHttpRequest request = new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public HttpHeaders getHeaders() {
                return readOnly;
            }

            @Override
            public Flux<DataBuffer> getBody() {
                // A new reference on every subscription (made when asked for, so a reader that cancels first holds
                // none), so a safe retry sends the body again.
                return Mono.fromSupplier(body::read).flux();
            }
        };
        return exchange.mutate().request(request).build();
    }

    /**
     * The whole body, held for the exchange. Plain reference counting because Spring Cloud Gateway's own body cache
     * ({@code cacheRequestBodyAndRequest} with its {@code RemoveCachedBodyFilter}) releases the body to zero when the
     * exchange ends, while a slice of it may still sit in a service connection's outbound buffer: Netty then
     * released that slice into a freed buffer (issue 15: 118 {@code IllegalReferenceCountException}s under overload),
     * and could have sent another request's bytes that had reused the memory.
     */
    private static final class HeldBody {
        private final DataBuffer body;
        private final int length;
        private boolean released;

        HeldBody(DataBuffer body) {
            this.body = body;
            this.length = body.readableByteCount();
        }

        int length() {
            return length;
        }

        /** The body as a buffer of the reader's own (its own reference and read position); null once released. */
        synchronized DataBuffer read() {
            if (released || length == 0) {
                return null;
            }
            if (body instanceof NettyDataBuffer netty) {
                return netty.factory().wrap(netty.getNativeBuffer().retainedDuplicate());
            }
            // Not reference-counted (no Netty underneath): a copy is the reader's own.
            byte[] bytes = new byte[length];
            body.toByteBuffer(body.readPosition(), java.nio.ByteBuffer.wrap(bytes), 0, length);
            return DefaultDataBufferFactory.sharedInstance.wrap(bytes);
        }

        /** Gives up this filter's reference, once; readers holding theirs keep the bytes valid. */
        synchronized void release() {
            if (!released) {
                released = true;
                DataBufferUtils.release(body);
            }
        }
    }
}
