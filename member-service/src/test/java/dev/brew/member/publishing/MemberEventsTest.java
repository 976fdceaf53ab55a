package dev.brew.member.publishing;

import dev.brew.contracts.Role;
import dev.brew.contracts.member.MemberRegistered;
import dev.brew.member.support.Api;
import dev.brew.member.support.MemberDocuments;
import dev.brew.member.support.MemberEventsTopicReader;
import dev.brew.member.support.MemberServiceTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A member saved is a MemberRegistered on the topic: keyed by member id, in Axon's record format. */
@MemberServiceTest
class MemberEventsTest {

    @Autowired
    Api api;
    @Autowired
    MemberEventsTopicReader topic;
    @Autowired
    MemberDocuments documents;

    @Test
    void a_sign_up_publishes_MemberRegistered_keyed_by_member_id_and_readable_by_Axons_converter() {
        String name = Api.uniqueName("Kim");
        String id = api.signUpOk(name, "kim's password");

        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(30))
                .until(() -> topic.recordsFor(id), r -> !r.isEmpty());

        assertThat(records).hasSize(1);
        ConsumerRecord<String, byte[]> record = records.get(0);
        assertThat(record.key()).isEqualTo(id);
        assertThat(header(record, "axon-message-type")).isEqualTo(MemberRegistered.class.getName());
        assertThat(header(record, "axon-message-revision")).isEqualTo("1");
        assertThat(header(record, "axon-message-aggregate-id")).isEqualTo(id);

        EventMessage<?> message = topic.decode(record);
        assertThat(message).isInstanceOf(DomainEventMessage.class);
        DomainEventMessage<?> domainEvent = (DomainEventMessage<?>) message;
        assertThat(domainEvent.getAggregateIdentifier()).isEqualTo(id);
        assertThat(domainEvent.getSequenceNumber()).isZero();
        assertThat(domainEvent.getType()).isEqualTo("Member");
        assertThat(message.getPayload()).isInstanceOf(MemberRegistered.class);
        MemberRegistered registered = (MemberRegistered) message.getPayload();
        assertThat(registered.memberId()).isEqualTo(id);
        assertThat(registered.name()).isEqualTo(name);
        assertThat(registered.role()).isEqualTo(Role.MEMBER);
        Document stored = documents.byId(id);
        assertThat(registered.registeredAt()).isEqualTo(stored.getDate("registeredAt").toInstant());
        assertThat(message.getTimestamp()).isEqualTo(registered.registeredAt());

        // Acknowledged, so the outbox of this member is empty again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Document after = documents.byId(id);
            assertThat(after.getBoolean("outboxPending")).isFalse();
            assertThat(after.getList("outbox", Document.class)).isEmpty();
        });
    }

    @Test
    void the_seeded_staff_are_published_once_each_with_their_role() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<MemberRegistered> staff = topic.readAll().stream()
                    .map(r -> topic.decode(r).getPayload())
                    .filter(MemberRegistered.class::isInstance).map(MemberRegistered.class::cast)
                    .filter(m -> m.name().equals("barista") || m.name().equals("operator"))
                    .toList();
            assertThat(staff).extracting(MemberRegistered::name, MemberRegistered::role)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("barista", Role.BARISTA),
                            org.assertj.core.groups.Tuple.tuple("operator", Role.OPERATOR));
        });
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
