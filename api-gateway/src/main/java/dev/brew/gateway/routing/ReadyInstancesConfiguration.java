package dev.brew.gateway.routing;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.client.WebClient;

import java.time.Duration;
import java.util.List;

/** The instance list of one service's load balancer (Spring Cloud LoadBalancer's per-service child context). */
public class ReadyInstancesConfiguration {

    @Bean
    ServiceInstanceListSupplier readyInstances(Environment environment, ServiceInstances configured,
                                               WebClient.Builder web) {
        // The child context has no Duration conversion of its own: Spring Boot's style, parsed here.
        Duration interval = DurationStyle.detectAndParse(environment.getProperty("brew.balancing.check-interval",
                "1s"));
        Duration timeout = DurationStyle.detectAndParse(environment.getProperty("brew.balancing.check-timeout",
                "3s"));
        Duration slowStart = DurationStyle.detectAndParse(environment.getProperty("brew.balancing.slow-start",
                "60s"));
        String serviceId = environment.getProperty(LoadBalancerClientFactory.PROPERTY_NAME);
        List<ServiceInstance> instances = configured.list(serviceId);
        ReadyInstances ready = new ReadyInstances(serviceId, instances, web.build(), interval, timeout, slowStart,
                java.time.Clock.systemUTC());
        // The checks end when the gateway stops, not when this child context is closed after it: they would keep
        // Reactor Netty's shared event loops from the quiet their shutdown waits for (ServiceInstances#stopped).
        configured.stopped().subscribe(null, null, ready::destroy);
        return ready;
    }
}
