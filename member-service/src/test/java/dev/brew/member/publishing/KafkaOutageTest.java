package dev.brew.member.publishing;

import dev.brew.contracts.member.MemberRegistered;
import dev.brew.member.support.Api;
import dev.brew.member.support.MemberDocuments;
import dev.brew.member.support.MemberEventsTopicReader;
import dev.brew.member.support.MemberServiceTest;
import dev.brew.testing.SharedServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka down: sign-ups still succeed, and when it returns every one of their events reaches the topic. */
@MemberServiceTest
@Order(Order.DEFAULT + 100)
class KafkaOutageTest {

    static final int MEMBERS = 20;

    @Autowired
    Api api;
    @Autowired
    MemberEventsTopicReader topic;
    @Autowired
    MemberDocuments documents;
    @Autowired
    MeterRegistry meters;

    private double failedRounds() {
        return meters.counter("brew.member.events.publish.failures").count();
    }

    @AfterEach
    void kafkaBack() {
        SharedServers.kafka().start();
    }

    @Test
    void members_signed_up_while_kafka_is_down_are_all_published_when_it_returns() {
        // The relay has a producer with cached metadata: the outage hits it mid-life, as in production.
        api.signUpOk(Api.uniqueName("before"), "brew-pass-1");
        SharedServers.kafka().stop();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MEMBERS; i++) {
            ids.add(api.signUpOk(Api.uniqueName("outage"), "brew-pass-1"));
        }
        assertThat(ids).hasSize(MEMBERS);
        assertThat(documents.withPendingEvents()).isGreaterThanOrEqualTo(MEMBERS);
        // Keep Kafka down until the relay has given up on at least one round: the events must survive that.
        double failedBefore = failedRounds();
        await().atMost(Duration.ofSeconds(60)).until(() -> failedRounds() > failedBefore);
        assertThat(documents.withPendingEvents()).isGreaterThanOrEqualTo(MEMBERS);

        SharedServers.kafka().start();

        Set<String> wanted = new HashSet<>(ids);
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> topic.readAll().stream().filter(r -> wanted.contains(r.key())).toList(),
                        r -> r.stream().map(ConsumerRecord::key).collect(Collectors.toSet()).containsAll(wanted));

        Map<String, Long> perMember = records.stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        long duplicates = records.size() - perMember.size();
        System.out.printf("Kafka outage: signed up %d, records on the topic %d, distinct members %d, duplicates %d %s%n",
                MEMBERS, records.size(), perMember.size(), duplicates,
                perMember.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList());
        assertThat(perMember.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        // Duplicates are allowed (at least once), but they must be the same event: same id, same payload.
        records.stream().collect(Collectors.groupingBy(ConsumerRecord::key)).values().forEach(copies ->
                assertThat(copies.stream().map(r -> topic.decode(r).getIdentifier()).distinct()).hasSize(1));
        records.forEach(r -> assertThat(((MemberRegistered) topic.decode(r).getPayload()).memberId())
                .isEqualTo(r.key()));
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.withPendingEvents() == 0);
    }

}
