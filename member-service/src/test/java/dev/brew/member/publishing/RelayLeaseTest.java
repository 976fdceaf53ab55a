package dev.brew.member.publishing;

import dev.brew.member.support.Api;
import dev.brew.member.support.MemberEventsTopicReader;
import dev.brew.member.support.MemberServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two member-service instances never relay side by side (ADR 0312): another instance holding the lease keeps this
 * one's relay idle (sign-ups wait in the outbox, nothing is sent twice), and once it gives the lease up this relay
 * takes over at its next round and publishes what waited, once.
 */
@MemberServiceTest
class RelayLeaseTest {

    @Autowired
    MemberEventRelay relay;
    @Autowired
    RelayLease lease;
    @Autowired
    Api api;
    @Autowired
    MemberEventsTopicReader topic;

    @Test
    void only_the_lease_holder_relays_and_a_released_lease_is_taken_over_at_once() {
        await("this instance's relay holds the lease").atMost(Duration.ofSeconds(30)).until(relay::holdsLease);
        String other = "other-instance";
        assertThat(lease.acquire(other, MemberEventRelay.LEASE)).as("taken while held").isFalse();

        // The other instance gets it once ours is given up (as when this instance stops) ...
        await("the other instance holds the lease").atMost(Duration.ofSeconds(30)).until(() -> {
            lease.release(relayOwner());
            return lease.acquire(other, Duration.ofMinutes(5));
        });
        await("this relay idle").atMost(Duration.ofSeconds(30)).until(() -> !relay.holdsLease());
        String id = api.signUpOk(Api.uniqueName("Lee"), "lee's password");
        // ... and while it holds it, this instance sends nothing: the event waits in the outbox.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> topic.recordsFor(id).isEmpty());

        lease.release(other);
        await("published once the lease came back").atMost(Duration.ofSeconds(30))
                .until(() -> topic.recordsFor(id).size() == 1);
        assertThat(relay.holdsLease()).isTrue();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> topic.recordsFor(id).size() == 1);
    }

    private String relayOwner() {
        return relay.instanceId();
    }
}
