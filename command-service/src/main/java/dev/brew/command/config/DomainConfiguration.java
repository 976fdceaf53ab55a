package dev.brew.command.config;

import dev.brew.command.domain.Menu;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

@Configuration(proxyBeanMethods = false)
class DomainConfiguration {

    @Bean
    Menu menu(MenuProperties properties) {
        return new Menu(properties.menuItems());
    }

    /** Command handlers take the time from here (tests fix it). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
