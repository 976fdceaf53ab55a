package dev.brew.member.support;

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
 * member-service on a random port against real servers: MongoDB, a KRaft Kafka broker, and the test JWT issuer
 * (whose tokens member-service must NOT accept: it trusts only its own key). All classes share one Spring context.
 * Seed passwords and tighter sign-in limits are test properties, never main configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@RealServers(value = {Server.MONGO, Server.KAFKA, Server.JWT_ISSUER}, mongoDatabase = "brew_members")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "brew.members.seed[0].name=barista",
        "brew.members.seed[0].role=BARISTA",
        "brew.members.seed[0].password=" + MemberServiceTest.BARISTA_PASSWORD,
        "brew.members.seed[1].name=operator",
        "brew.members.seed[1].role=OPERATOR",
        "brew.members.seed[1].password=" + MemberServiceTest.OPERATOR_PASSWORD,
        "brew.members.seed[2].name=night-barista",
        "brew.members.seed[2].role=BARISTA",
        "brew.members.seed[2].password=",
        "brew.sign-in.trust-forwarded-for=true",
        "brew.sign-in.per-name.capacity=12",
        "brew.sign-in.per-name.refill-every=1m",
        "brew.sign-in.per-address.capacity=8",
        "brew.sign-in.per-address.refill-every=1m",
        "brew.member-events.poll-interval=200ms",
        "brew.member-events.max-backoff=2s",
        // A Kafka outage fails a relay round after 6 s instead of 15 s, so the outage test sees the retry path.
        "brew.member-events.producer[delivery.timeout.ms]=6000",
        "brew.member-events.producer[request.timeout.ms]=3000",
})
@AutoConfigureObservability(tracing = false)
@Import({Api.class, MemberEventsTopicReader.class, MemberDocuments.class})
public @interface MemberServiceTest {

    String BARISTA_PASSWORD = "test-barista-secret";
    String OPERATOR_PASSWORD = "test-operator-secret";
}
