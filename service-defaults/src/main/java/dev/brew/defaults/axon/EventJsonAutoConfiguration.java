package dev.brew.defaults.axon;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@link EventJson} for every service that has Axon's messaging, with or without Axon's Spring Boot starter. */
@AutoConfiguration
@ConditionalOnClass(name = "org.axonframework.serialization.json.JacksonSerializer")
public class EventJsonAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    EventJson eventJson() {
        return new EventJson();
    }
}
