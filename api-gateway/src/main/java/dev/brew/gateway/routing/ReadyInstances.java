package dev.brew.gateway.routing;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The instances of one service that take calls now, for Spring Cloud LoadBalancer (ADR 0310). Every
 * {@code interval} each configured instance's {@code /actuator/health/accepting} is asked: 200 keeps it, any other
 * answer or a refused connection drops it, and no answer within {@code timeout} leaves it as it was. Spring Cloud's
 * own health-check supplier counts a slow answer as a dead instance (its timeout is the interval): on two loaded
 * cores that emptied the list while both instances were well and opened the breaker for everyone. Until its first
 * answer an instance counts as taking calls (a refused connection is retried on another, ADR 0310).
 *
 * <p><b>Slow start</b> (ADR 0315): an instance that has just come back (its check went from no to yes) gets a share
 * of the calls that grows from a tenth to all of its share over {@code slowStart}, as long as another instance of
 * the service is ready and warm; alone it gets every call. A JVM just started runs its first calls interpreted and
 * compiles as it goes: given its full share at once it answered in 2–4 s under a rolling restart's load on two cores,
 * and one call went past the gateway's 5 s. (Envoy's and NGINX's {@code slow_start} do the same.)
 */
public class ReadyInstances implements ServiceInstanceListSupplier, DisposableBean {

    static final String PATH = "/actuator/health/accepting";

    private final String serviceId;
    private final List<ServiceInstance> instances;
    private final WebClient client;
    private final Duration timeout;
    private final Duration slowStart;
    private final Clock clock;
    private final Map<String, Boolean> accepting = new ConcurrentHashMap<>();
    /** When each instance that came back did so; an instance never seen going away is warm. */
    private final Map<String, Instant> backSince = new ConcurrentHashMap<>();
    private final Disposable checks;

    public ReadyInstances(String serviceId, List<ServiceInstance> instances, WebClient client, Duration interval,
                          Duration timeout, Duration slowStart, Clock clock) {
        this.serviceId = serviceId;
        this.instances = List.copyOf(instances);
        this.client = client;
        this.timeout = timeout;
        this.slowStart = slowStart;
        this.clock = clock;
        instances.forEach(instance -> accepting.put(instance.getInstanceId(), true));
        this.checks = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> Flux.fromIterable(this.instances).flatMap(this::check).then(), 1)
                .subscribe();
    }

    private Mono<Void> check(ServiceInstance instance) {
        return client.get().uri(instance.getUri().resolve(PATH))
                .exchangeToMono(response -> response.releaseBody()
                        .thenReturn(response.statusCode().is2xxSuccessful()))
                .timeout(timeout)
                .onErrorResume(java.util.concurrent.TimeoutException.class, slow -> Mono.empty())
                .onErrorReturn(false)
                .doOnNext(ok -> {
                    if (!Boolean.TRUE.equals(accepting.put(instance.getInstanceId(), ok)) && ok) {
                        backSince.put(instance.getInstanceId(), clock.instant());
                    }
                })
                .then();
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        List<ServiceInstance> ready = instances.stream()
                .filter(instance -> Objects.equals(accepting.get(instance.getInstanceId()), Boolean.TRUE))
                .toList();
        Instant now = clock.instant();
        if (ready.stream().noneMatch(instance -> warmth(instance, now) >= 1)) {
            return Flux.just(ready);
        }
        // Each call sees a warming instance with the probability of its warmth (the balancer then picks among those
        // it sees), so its share of the calls grows with it.
        return Flux.just(ready.stream().filter(instance -> {
            double warmth = warmth(instance, now);
            return warmth >= 1 || ThreadLocalRandom.current().nextDouble() < warmth;
        }).toList());
    }

    /** From a tenth just after an instance came back to 1 once {@code slowStart} has passed (or it never went). */
    double warmth(ServiceInstance instance, Instant now) {
        Instant back = backSince.get(instance.getInstanceId());
        if (back == null || slowStart.isZero()) {
            return 1;
        }
        double elapsed = Duration.between(back, now).toMillis() / (double) slowStart.toMillis();
        return elapsed >= 1 ? 1 : Math.max(0.1, elapsed);
    }

    @Override
    public void destroy() {
        checks.dispose();
    }
}
