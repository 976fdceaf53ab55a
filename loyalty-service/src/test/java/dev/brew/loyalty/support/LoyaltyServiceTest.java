package dev.brew.loyalty.support;

import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * loyalty-service on a random port against real servers: its own PostgreSQL database, a KRaft Kafka broker and a
 * JWT issuer. All classes share one Spring context and one set of servers per JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealServers(value = {Server.POSTGRES, Server.KAFKA, Server.JWT_ISSUER}, database = "brew_loyalty")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@Import(Api.class)
public @interface LoyaltyServiceTest {
}
