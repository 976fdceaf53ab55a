package dev.brew.member.config;

import dev.brew.member.domain.InvalidMemberInput;
import dev.brew.member.domain.MemberRegistration;
import dev.brew.member.publishing.MemberEventRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the configured baristas and operators once the service is up, retrying in the background while MongoDB
 * is unreachable (the service must start without it and become ready when it returns). The attempts run on
 * Boot's task scheduler (the service's {@code @EnableScheduling}), which shuts them down with the service.
 */
@Component
class MemberSeeding {

    private static final Logger log = LoggerFactory.getLogger(MemberSeeding.class);

    private static final Duration RETRY = Duration.ofSeconds(5);

    private final SeedProperties properties;
    private final MemberRegistration registration;
    private final MemberEventRelay relay;
    private final TaskScheduler scheduler;
    private volatile boolean done;

    MemberSeeding(SeedProperties properties, MemberRegistration registration, MemberEventRelay relay,
                  TaskScheduler scheduler) {
        this.properties = properties;
        this.registration = registration;
        this.relay = relay;
        this.scheduler = scheduler;
    }

    boolean isDone() {
        return done;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seedWhenReady() {
        List<SeedProperties.Seed> seeds = new ArrayList<>();
        for (SeedProperties.Seed seed : properties.seed()) {
            if (seed.password() == null || seed.password().isBlank()) {
                log.warn("Not seeding {} '{}': no password configured", seed.role(), seed.name());
            } else {
                seeds.add(seed);
            }
        }
        scheduler.schedule(() -> attempt(seeds), scheduler.getClock().instant());
    }

    private void attempt(List<SeedProperties.Seed> seeds) {
        try {
            for (SeedProperties.Seed seed : seeds) {
                try {
                    MemberRegistration.SeedOutcome outcome = registration.seed(seed.name(), seed.role(),
                            seed.password());
                    log.info("Seed {} '{}': {}", seed.role(), seed.name(), outcome);
                } catch (InvalidMemberInput e) {
                    log.error("Not seeding {} '{}': {} ({})", seed.role(), seed.name(), e.getMessage(), e.field());
                }
            }
            done = true;
            relay.wake();
        } catch (RuntimeException e) {
            log.warn("Cannot seed staff members yet ({}); retrying in {} s", e.toString(), RETRY.toSeconds());
            scheduler.schedule(() -> attempt(seeds), scheduler.getClock().instant().plus(RETRY));
        }
    }
}
