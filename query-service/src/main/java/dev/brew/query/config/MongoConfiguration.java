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
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.UUID;

/**
 * MongoDB through the plain driver: the database named by {@code spring.data.mongodb.*} holds the views, the replay
 * records, the parked events and the processors' tracking tokens.
 */
@Configuration(proxyBeanMethods = false)
class MongoConfiguration {

    @Bean
    MongoDatabase queryDatabase(MongoClient client, MongoProperties properties) {
        return client.getDatabase(properties.getMongoClientDatabase());
    }

    /** How the projection and the token store wait out a MongoDB outage. */
    @Bean
    MongoOutageRetry mongoOutageRetry(QueryProperties properties, MeterRegistry registry) {
        return new MongoOutageRetry(properties.projection().outageRetryPause(), registry);
    }

    /**
     * Tokens live next to the views they describe. Named {@code tokenStore} and primary, so that neither Axon's
     * in-memory default nor the Kafka extension's {@code KafkaTokenStore} is used. Every call waits out a MongoDB
     * outage (ADR 0104) instead of failing the processor into Axon's growing back-off: each is safe to repeat (a
     * store, claim or release that went through before its reply was lost is the same when done again by the same
     * node); a lost claim is not an outage and is thrown at once. A proxy, not a hand-written delegate of every method.
     */
    @Bean
    @Primary
    TokenStore tokenStore(MongoClient client, MongoProperties properties, Serializer serializer,
                          MongoOutageRetry retry) {
        TokenStore mongo = MongoTokenStore.builder()
                .mongoTemplate(DefaultMongoTemplate.builder()
                        .mongoDatabase(client, properties.getMongoClientDatabase())
                        .build())
                .serializer(serializer)
                // Unique per process instance (two instances may share a JVM in tests, a host in production), so
                // that a segment is only ever claimed by one of them.
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID())
                .build();
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[]{TokenStore.class},
                (proxy, method, arguments) -> retry.call("token store: " + method.getName(), () -> {
                    try {
                        return method.invoke(mongo, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause() instanceof RuntimeException runtime ? runtime
                                : new IllegalStateException(e.getCause());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }
}
