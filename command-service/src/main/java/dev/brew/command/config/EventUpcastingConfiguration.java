package dev.brew.command.config;

import dev.brew.contracts.order.OrderPlacedUpcaster;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Order events of older revisions are read through the contract's upcasters: Axon puts every upcaster bean in the
 * event store's chain (the aggregate, the publisher to Kafka). docs/adr/0902.
 */
@Configuration(proxyBeanMethods = false)
class EventUpcastingConfiguration {

    @Bean
    OrderPlacedUpcaster orderPlacedUpcaster() {
        return new OrderPlacedUpcaster();
    }
}
