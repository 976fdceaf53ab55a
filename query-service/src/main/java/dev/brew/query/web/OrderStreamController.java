package dev.brew.query.web;

import dev.brew.contracts.Requester;
import dev.brew.contracts.Role;
import dev.brew.defaults.problem.Refusal;
import dev.brew.query.QueryProperties;
import dev.brew.query.model.OrderChange;
import dev.brew.query.model.OrderView;
import dev.brew.query.model.Queries.StreamStart;
import dev.brew.query.model.Queries.WatchOrders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live order changes as Server-Sent Events, built on an Axon subscription query: a barista sees every order, a
 * member only their own. Events are {@code snapshot} (the orders the caller sees, at connect or after a view swap)
 * and {@code order} (one order's new state); each carries the change-log number as its {@code id}, so a client that
 * reconnects with {@code Last-Event-ID} gets what it missed (or a snapshot if too much was missed). Comment lines
 * every {@code heartbeat} keep idle connections open through proxies.
 *
 * <p>Browsers' {@code EventSource} cannot send an {@code Authorization} header: the gateway turns the session
 * cookie into a bearer token, so this endpoint, like every other, simply requires a bearer JWT.
 *
 * <p>Streams are capped per caller ({@code per-caller}, a handful) and per instance ({@code per-instance}); the excess
 * gets a 429 problem. The servlet container notices a client that left only when a write to it fails, so a caller at
 * the cap first has their own open streams probed (a comment written at once) and waits up to {@code probe-wait} for
 * the dead ones to go: a page reloaded several times is not refused for the length of a heartbeat.
 *
 * <p>{@code brew_sse_connections} counts the streams this instance has open now; {@code brew_sse_refused_total}
 * the streams refused.
 */
@RestController
class OrderStreamController {

    static final String SNAPSHOT = "snapshot";
    static final String ORDER = "order";

    private final QueryGateway queries;
    private final Waiting waiting;
    private final QueryProperties.Stream settings;
    private final AtomicInteger open = new AtomicInteger();
    /** Each caller's open streams, by the sink that probes them. */
    private final Map<String, Set<Sinks.Many<ServerSentEvent<Object>>>> streams = new ConcurrentHashMap<>();
    private final Counter refused;

    OrderStreamController(QueryGateway queries, QueryProperties properties,
                          MeterRegistry registry, Waiting waiting) {
        this.queries = queries;
        this.waiting = waiting;
        this.settings = properties.stream();
        Gauge.builder("brew.sse.connections", open, AtomicInteger::get)
                .description("Server-Sent Event streams open on this instance").register(registry);
        this.refused = Counter.builder("brew.sse.refused")
                .description("Server-Sent Event streams refused: too many for the caller or the instance")
                .register(registry);
    }

    record Snapshot(List<OrderView> orders) {
    }

    @GetMapping(path = "/api/orders/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize("hasAnyRole('MEMBER', 'BARISTA')")
    Flux<ServerSentEvent<Object>> stream(Requester requester,
                                         @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        String memberId = requester.has(Role.BARISTA) ? null : requester.memberId();
        Sinks.Many<ServerSentEvent<Object>> probes = admit(requester.memberId());
        SubscriptionQueryResult<StreamStart, OrderChange> subscription = queries.subscriptionQuery(
                new WatchOrders(memberId, lastEventId),
                ResponseTypes.instanceOf(StreamStart.class), ResponseTypes.instanceOf(OrderChange.class));
        // The updates are subscribed to at once, next to the start, not after it: Axon keeps only the last
        // few hundred updates for a subscriber that comes late (a replay sink with a limit), so a start that takes a
        // while (reading missed changes back) could otherwise lose the oldest live ones. mergeSequential sends the
        // start's events first and holds the live ones meanwhile. A member's ORDERED orders go out with their queue
        // position and estimate (ADR 0903).
        Mono<StreamStart> start = subscription.initialResult().cache();
        Flux<ServerSentEvent<Object>> first = start.flatMapMany(s -> s.isSnapshot()
                ? Mono.fromFuture(waiting.of(memberId, s.snapshot())).map(orders -> snapshot(s.position(), orders)).flux()
                : Flux.fromIterable(s.missed()).concatMap(change -> order(memberId, change)));
        Flux<ServerSentEvent<Object>> live = subscription.updates()
                .filterWhen(change -> start.map(s -> change.seq() > s.position()))
                .concatMap(change -> change.isReset()
                        ? Mono.fromFuture(() -> queries.query(new WatchOrders(memberId, null), StreamStart.class))
                                .flatMap(reload -> Mono.fromFuture(waiting.of(memberId, reload.snapshot())))
                                .map(orders -> snapshot(change.seq(), orders))
                        : order(memberId, change));
        Flux<ServerSentEvent<Object>> events = Flux.mergeSequential(first, live);
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(settings.heartbeat())
                .map(tick -> ServerSentEvent.builder().comment("heartbeat").build());
        return Flux.merge(events, heartbeats, probes.asFlux())
                .doFinally(signal -> {
                    release(requester.memberId(), probes);
                    subscription.cancel();
                });
    }

    /** Counts a new stream in, or refuses it (429) when the caller or this instance has too many open. */
    private Sinks.Many<ServerSentEvent<Object>> admit(String caller) {
        Sinks.Many<ServerSentEvent<Object>> probes = Sinks.many().unicast().onBackpressureBuffer();
        Set<Sinks.Many<ServerSentEvent<Object>>> mine = streams.computeIfAbsent(caller, k -> ConcurrentHashMap.newKeySet());
        synchronized (mine) {
            if (streams.get(caller) != mine) {
                return admit(caller); // emptied and forgotten by a release meanwhile
            }
            if (mine.size() >= settings.perCaller()) {
                try {
                    // A write to a connection the client closed may still succeed (the peer's reset comes after),
                    // so probe again until one fails or the wait is over; a release wakes this thread at once.
                    long deadline = System.nanoTime() + settings.probeWait().toNanos();
                    while (mine.size() >= settings.perCaller() && System.nanoTime() < deadline) {
                        mine.forEach(open -> open.tryEmitNext(PROBE));
                        mine.wait(Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (mine.size() >= settings.perCaller() || open.incrementAndGet() > settings.perInstance()) {
                if (mine.size() < settings.perCaller()) {
                    open.decrementAndGet();
                }
                refused.increment();
                throw new TooManyStreams(mine.size() >= settings.perCaller());
            }
            mine.add(probes);
        }
        return probes;
    }

    private void release(String caller, Sinks.Many<ServerSentEvent<Object>> probes) {
        Set<Sinks.Many<ServerSentEvent<Object>>> mine = streams.get(caller);
        if (mine != null) {
            synchronized (mine) {
                if (mine.remove(probes)) {
                    open.decrementAndGet();
                }
                if (mine.isEmpty()) {
                    streams.remove(caller, mine);
                }
                mine.notifyAll();
            }
        }
    }

    private static final ServerSentEvent<Object> PROBE = ServerSentEvent.builder().comment("probe").build();

    /** Too many streams (429): the caller's own ({@code perCaller}) or this instance's. */
    static class TooManyStreams extends Refusal {
        TooManyStreams(boolean perCaller) {
            super(429, "too-many-streams", perCaller ? "You have too many live streams open; close one first"
                    : "This server has too many live streams open; try again shortly");
        }
    }

    private static ServerSentEvent<Object> snapshot(long position, List<OrderView> orders) {
        return ServerSentEvent.builder().id(Long.toString(position)).event(SNAPSHOT)
                .data((Object) new Snapshot(orders)).build();
    }

    private Mono<ServerSentEvent<Object>> order(String memberId, OrderChange change) {
        return Mono.fromFuture(waiting.of(memberId, List.of(change.order())))
                .map(orders -> ServerSentEvent.builder().id(Long.toString(change.seq())).event(ORDER)
                        .data((Object) orders.get(0)).build());
    }
}
