package dev.brew.command.config;

import dev.brew.command.domain.Menu;
import dev.brew.command.domain.OrderTimeouts;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;

@Configuration(proxyBeanMethods = false)
class DomainConfiguration {

    @Bean
    Menu menu(MenuProperties properties) {
        return new Menu(properties.menuItems(), properties.drinkOptions());
    }

    /** How long an order waits to be accepted, and to be picked up once READY, before it expires. */
    @Bean
    OrderTimeouts orderTimeouts(@Value("${brew.orders.accept-timeout:10m}") Duration accept,
                                @Value("${brew.orders.pickup-timeout:60m}") Duration pickup) {
        return new OrderTimeouts(accept, pickup);
    }

    /** Command handlers take the time from here (tests fix it). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
