package dev.brew.member;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Who is who in Brew: members sign up and sign in here, get an RS256 token that every other service checks against
 * this service's JWKS, and every member change is published to Kafka through an outbox in the member's document.
 */
@SpringBootApplication(excludeName = {
        // member-service runs no Axon configuration (it only builds Axon's Kafka records, with its own serializer),
        // and that auto-configuration names Axon's, which is not on this class path.
        "dev.brew.defaults.axon.AxonJsonAutoConfiguration"})
@ConfigurationPropertiesScan
public class MemberServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(MemberServiceApplication.class, args);
    }
}
