package dev.brew.query.support;

import dev.brew.testing.RealServers;
import dev.brew.testing.RecordedSpans;
import dev.brew.testing.Server;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * query-service on a random port against real servers: a KRaft Kafka broker, MongoDB (mongo-java-server, or the
 * real one named by {@code MONGODB_URI}) and a JWT issuer. All classes share one Spring context and one set of
 * servers per test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealServers(value = {Server.KAFKA, Server.MONGO, Server.JWT_ISSUER}, mongoDatabase = "brew_query")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability
@Import({Api.class, OrderEvents.class, RecordedSpans.Spans.class})
public @interface QueryServiceTest {
}
