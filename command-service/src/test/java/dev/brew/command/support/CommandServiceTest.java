package dev.brew.command.support;

import dev.brew.testing.RealServers;
import dev.brew.testing.RecordedSpans;
import dev.brew.testing.Server;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * command-service on a random port against real servers: PostgreSQL, a KRaft Kafka broker, and a JWT issuer; and
 * stand-ins for member-service's member lookup and loyalty-service's reward reservation. All classes share one Spring
 * context and one set of servers per JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealServers(value = {Server.POSTGRES, Server.KAFKA, Server.JWT_ISSUER}, database = "brew_command")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
@ExtendWith({StubMemberService.class, StubLoyaltyService.class})
@Import({Api.class, EventStore.class, OrderEventsTopicReader.class, RecordedSpans.Spans.class})
public @interface CommandServiceTest {
}
