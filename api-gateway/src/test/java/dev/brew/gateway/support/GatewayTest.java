package dev.brew.gateway.support;

import dev.brew.testing.RealServers;
import dev.brew.testing.RecordedSpans;
import dev.brew.testing.Server;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The gateway on a random port in front of fake services ({@link FakeServices}), with the shared JWT issuer. All
 * classes share one Spring context and one set of fakes per test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealServers(Server.JWT_ISSUER)
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = FakeServices.Initializer.class)
@ActiveProfiles("test")
@Import({Gateway.class, RecordedSpans.Spans.class})
public @interface GatewayTest {
}
