package dev.brew.query.config;

import dev.brew.contracts.order.OrderPlacedUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Order events of older revisions on the topic are read through the contract's upcasters: Axon puts every upcaster
 * bean in its chain, and the Kafka message converter reads through that chain (live projection and replay alike).
 * docs/adr/0902.
 */
@Configuration(proxyBeanMethods = false)
class EventUpcastingConfiguration {

    @Bean
    OrderPlacedUpcaster orderPlacedUpcaster() {
        return new OrderPlacedUpcaster();
    }
}
