package dev.brew.defaults.health;

import com.mongodb.MongoClientSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Fail fast when MongoDB is gone: a 503 and readiness DOWN within seconds, instead of requests held for the driver's
 * default 30 s server selection (which the gateway would turn into timeouts). {@code brew.mongo.server-selection-
 * timeout} (default 2 s) bounds both server selection and connecting.
 */
@AutoConfiguration
@ConditionalOnClass({MongoClientSettings.class, MongoClientSettingsBuilderCustomizer.class})
public class MongoTimeoutsAutoConfiguration {

    @Bean
    MongoClientSettingsBuilderCustomizer brewMongoTimeouts(
            @Value("${brew.mongo.server-selection-timeout:2s}") Duration serverSelection) {
        return settings -> settings
                .applyToClusterSettings(c -> c.serverSelectionTimeout(serverSelection.toMillis(), TimeUnit.MILLISECONDS))
                .applyToSocketSettings(s -> s.connectTimeout((int) serverSelection.toMillis(), TimeUnit.MILLISECONDS));
    }
}
