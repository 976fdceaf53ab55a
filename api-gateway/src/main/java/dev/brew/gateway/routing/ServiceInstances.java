package dev.brew.gateway.routing;

import dev.brew.gateway.api.Backend;
import dev.brew.gateway.config.GatewayProperties;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

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
 */
public class ServiceInstances implements ReactiveDiscoveryClient {

    private final Map<String, List<ServiceInstance>> instances = new LinkedHashMap<>();

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
}
