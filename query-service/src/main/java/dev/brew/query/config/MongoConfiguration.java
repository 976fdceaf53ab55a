package dev.brew.query.config;

import dev.brew.query.QueryProperties;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.brew.query.projection.MongoOutageRetry;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.springframework.boot.autoconfigure.mongo.MongoProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * MongoDB through the plain driver: the database named by {@code spring.data.mongodb.*} holds the views, the change
 * log, the replay records and the processors' tracking tokens.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    @Bean
    MongoDatabase queryDatabase(MongoClient client, MongoProperties properties) {
        return client.getDatabase(properties.getMongoClientDatabase());
    }

    /**
     * Tokens live next to the views they describe. Named {@code tokenStore} and primary, so that neither Axon's
     * in-memory default nor the Kafka extension's {@code KafkaTokenStore} is used. Waits out MongoDB outages.
     */
    /** How the projection and the token store wait out a MongoDB outage. */
    @Bean
    MongoOutageRetry mongoOutageRetry(QueryProperties properties, MeterRegistry registry) {
        return new MongoOutageRetry(properties.projection().outageRetryPause(), registry);
    }

    @Bean
    @Primary
    TokenStore tokenStore(MongoClient client, MongoProperties properties, Serializer serializer,
                          MongoOutageRetry retry) {
        return new OutageTolerantTokenStore(MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client, properties.getMongoClientDatabase())
                        .build())
                .serializer(serializer)
                // Unique per process instance (two instances may share a JVM in tests, a host in production), so
                // that a segment is only ever claimed by one of them.
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
                .build(), retry);
    }
}
