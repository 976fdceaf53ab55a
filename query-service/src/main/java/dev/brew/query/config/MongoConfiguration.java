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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
        Claims claims = new Claims();
        return (TokenStore) Proxy.newProxyInstance(TokenStore.class.getClassLoader(), new Class<?>[]{TokenStore.class},
                (proxy, method, arguments) -> {
                    if (claims.fresh(method.getName(), arguments)) {
                        return null;
                    }
                    Object result = retry.call("token store: " + method.getName(), () -> {
                        try {
                            return method.invoke(mongo, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause() instanceof RuntimeException runtime ? runtime
                                    : new IllegalStateException(e.getCause());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    claims.done(method.getName(), arguments);
                    return result;
                });
    }

    /**
     * When this node last wrote each of its claims. A tracking processor without a transaction manager extends its
     * segment's claim before every batch and stores the token after it: two writes a batch, each a commit on the
     * Mongo server. A claim written less than {@link #FRESH} ago cannot have been taken over (claims time out after
     * {@code claimTimeout}, 10 s), so that extension is skipped; the store after the batch still fails if the claim
     * was lost, and a released or deleted claim is forgotten here.
     */
    static final class Claims {

        static final long FRESH = Duration.ofSeconds(1).toNanos();
        private final Map<String, Long> written = new ConcurrentHashMap<>();

        boolean fresh(String method, Object[] arguments) {
            Long at = "extendClaim".equals(method) ? written.get(key(arguments)) : null;
            return at != null && System.nanoTime() - at < FRESH;
        }

        void done(String method, Object[] arguments) {
            switch (method) {
                case "fetchToken", "storeToken", "extendClaim" -> written.put(key(arguments), System.nanoTime());
                case "releaseClaim", "deleteToken" -> written.remove(key(arguments));
                default -> {
                    // Other calls claim nothing (fetchSegments) or many segments at once (initializeTokenSegments,
                    // fetchAvailableSegments): the next batch extends as usual.
                }
            }
        }

        /** Processor and segment: the last two arguments of every per-segment call of {@link TokenStore}. */
        private static String key(Object[] arguments) {
            int n = arguments.length;
            return n >= 2 && arguments[n - 1] instanceof Integer segment ? arguments[n - 2] + "/" + segment : "";
        }
    }
}
