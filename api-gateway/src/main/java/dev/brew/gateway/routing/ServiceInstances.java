package dev.brew.gateway.routing;

import dev.brew.gateway.api.Backend;
import dev.brew.gateway.config.GatewayProperties;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances of each balanced service, as configured ({@code brew.services.*}, comma-separated), as a discovery
 * client; {@link ReadyInstances} keeps those whose {@code /actuator/health/accepting} answers 200, so an instance
 * that is going away or not started drops out (ADR 0310). Spring Cloud's own {@code SimpleReactiveDiscoveryClient}
 * would need one indexed property per instance, which a single {@code BREW_COMMAND_URI} list cannot give.
 *
 * <p>It also tells the health checks when the gateway stops ({@link #stopped()}): they run in the load balancer's
 * child contexts, which are closed only after the gateway's own beans have stopped, and a check every second on
 * Reactor Netty's shared event loops kept them from ever being quiet for the 2 s their shutdown waits for, so each
 * shutdown took Reactor's whole 15 s timeout (and the test JVM, with two contexts, outlived surefire's 30 s).
 */
public class ServiceInstances implements ReactiveDiscoveryClient, SmartLifecycle {

    private final Map<String, List<ServiceInstance>> instances = new LinkedHashMap<>();
    private final Sinks.Empty<Void> stopped = Sinks.empty();
    private volatile boolean running;

    public ServiceInstances(GatewayProperties.Services services) {
        put(Backend.COMMAND.serviceName(), services.command());
        put(Backend.QUERY.serviceName(), services.query());
        put(Backend.MEMBER.serviceName(), services.member());
    }

    private void put(String serviceId, List<URI> uris) {
        List<ServiceInstance> list = new ArrayList<>();
        for (int i = 0; i < uris.size(); i++) {
            URI uri = uris.get(i);
            list.add(new DefaultServiceInstance(serviceId + "-" + (i + 1), serviceId, uri.getHost(),
                    uri.getPort(), "https".equals(uri.getScheme())));
        }
        instances.put(serviceId, List.copyOf(list));
    }

    @Override
    public String description() {
        return "Brew's configured service instances";
    }

    /** The configured instances of a service (none for an unknown one). */
    public List<ServiceInstance> list(String serviceId) {
        return instances.getOrDefault(serviceId, List.of());
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.fromIterable(instances.getOrDefault(serviceId, List.of()));
    }

    @Override
    public Flux<String> getServices() {
        return Flux.fromIterable(instances.keySet());
    }

    /** Completes when the gateway begins to stop; at once for a subscriber that comes later. */
    public Mono<Void> stopped() {
        return stopped.asMono();
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Stops the health checks. The default phase stops before the web server's graceful shutdown and before
     * Reactor Netty's resources (phase 0); the balancers keep the instance lists they last saw.
     */
    @Override
    public void stop() {
        running = false;
        stopped.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
