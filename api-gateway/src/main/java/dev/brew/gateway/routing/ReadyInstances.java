package dev.brew.gateway.routing;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances of one service that take calls now, for Spring Cloud LoadBalancer (ADR 0310). Every
 * {@code interval} each configured instance's {@code /actuator/health/accepting} is asked: 200 keeps it, any other
 * answer or a refused connection drops it, and no answer within {@code timeout} leaves it as it was. Spring Cloud's
 * own health-check supplier counts a slow answer as a dead instance (its timeout is the interval): on two loaded
 * cores that emptied the list while both instances were well and opened the breaker for everyone. Until its first
 * answer an instance counts as taking calls (a refused connection is retried on another, ADR 0310).
 */
public class ReadyInstances implements ServiceInstanceListSupplier, DisposableBean {

    static final String PATH = "/actuator/health/accepting";

    private final String serviceId;
    private final List<ServiceInstance> instances;
    private final WebClient client;
    private final Duration timeout;
    private final Map<String, Boolean> accepting = new ConcurrentHashMap<>();
    private final Disposable checks;

    public ReadyInstances(String serviceId, List<ServiceInstance> instances, WebClient client, Duration interval,
                          Duration timeout) {
        this.serviceId = serviceId;
        this.instances = List.copyOf(instances);
        this.client = client;
        this.timeout = timeout;
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
                .doOnNext(ok -> accepting.put(instance.getInstanceId(), ok))
                .then();
    }

    @Override
    public String getServiceId() {
        return serviceId;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.just(instances.stream()
                .filter(instance -> Objects.equals(accepting.get(instance.getInstanceId()), Boolean.TRUE))
                .toList());
    }

    @Override
    public void destroy() {
        checks.dispose();
    }
}
