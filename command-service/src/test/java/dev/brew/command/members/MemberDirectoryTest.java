package dev.brew.command.members;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.command.support.StubMemberService;
import dev.brew.contracts.Role;
import dev.brew.contracts.member.MemberRegistered;
import dev.brew.contracts.member.MemberTopics;
import dev.brew.defaults.axon.AxonJsonAutoConfiguration;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders only for known members: the directory fed by member events, and member-service asked on a miss. */
@CommandServiceTest
public class MemberDirectoryTest {

    static final String LATTE = "{\"items\":[{\"menuCode\":\"CAFE_LATTE\",\"quantity\":1}]}";

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void member_events_on_kafka_feed_the_directory_and_such_members_order_without_asking_member_service()
            throws Exception {
        // member-service's lookup does not know "ghost-" members: only the directory can let this one order.
        String memberId = "ghost-" + UUID.randomUUID();
        publish(new MemberRegistered(memberId, "kim", Role.MEMBER, Instant.parse("2026-11-25T00:00:00Z")));
        publish(new MemberRegistered(memberId, "kim", Role.MEMBER, Instant.parse("2026-11-25T00:00:00Z")));

        await().atMost(Duration.ofSeconds(30)).until(() -> directoryRows(memberId) == 1);
        int lookups = StubMemberService.lookups();

        Api.Response response = api.placeOrder(api.token(memberId, "kim"), UUID.randomUUID().toString(), LATTE);

        assertThat(response.status()).as(response.body()).isEqualTo(202);
        assertThat(StubMemberService.lookups()).isEqualTo(lookups);
        assertThat(jdbc.queryForObject("select name from member_directory where member_id = ?", String.class,
                memberId)).isEqualTo("kim");
    }

    @Test
    void a_member_who_just_signed_up_is_confirmed_by_member_service_once() {
        String memberId = "member-" + UUID.randomUUID();
        int lookups = StubMemberService.lookups();

        assertThat(api.placeOrder(Api.member(memberId), UUID.randomUUID().toString(), LATTE).status()).isEqualTo(202);
        assertThat(api.placeOrder(Api.member(memberId), UUID.randomUUID().toString(), LATTE).status()).isEqualTo(202);

        assertThat(StubMemberService.lookups()).isEqualTo(lookups + 1);
        assertThat(directoryRows(memberId)).isEqualTo(1);
    }

    @Test
    void the_lookup_is_an_observed_call_behind_a_breaker_from_the_registry() {
        String lookup = "uri=\"/api/members/{id}\"";
        double calls = api.metric("http_client_requests_seconds_count", lookup);
        double successful = api.metric("resilience4j_circuitbreaker_calls_seconds_count", "name=\"member-service\"",
                "kind=\"successful\"");

        assertThat(api.placeOrder(Api.member("member-" + UUID.randomUUID()), UUID.randomUUID().toString(), LATTE)
                .status()).isEqualTo(202);

        assertThat(api.metric("http_client_requests_seconds_count", lookup)).isEqualTo(calls + 1);
        assertThat(api.metric("resilience4j_circuitbreaker_calls_seconds_count", "name=\"member-service\"",
                "kind=\"successful\"")).isEqualTo(successful + 1);
        for (String breaker : List.of("order-store", "member-service", "loyalty-service")) {
            assertThat(api.metric("resilience4j_circuitbreaker_state", "name=\"" + breaker + "\"",
                    "state=\"closed\"")).as(breaker).isEqualTo(1.0);
        }
    }

    @Test
    void an_unknown_member_gets_422_naming_the_member_and_nothing_is_stored() {
        String memberId = "ghost-" + UUID.randomUUID();

        Api.Response response = api.placeOrder(api.token(memberId, "nobody"), UUID.randomUUID().toString(), LATTE);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo("member");
        assertThat(eventStore.ordersOf(memberId)).isZero();
    }

    @Test
    void with_member_service_down_known_members_keep_ordering_and_unknown_ones_get_a_fast_503() {
        String known = "member-" + UUID.randomUUID();
        assertThat(api.placeOrder(Api.member(known), UUID.randomUUID().toString(), LATTE).status()).isEqualTo(202);

        StubMemberService.stop();
        try {
            assertThat(api.placeOrder(Api.member(known), UUID.randomUUID().toString(), LATTE).status())
                    .isEqualTo(202);

            String fresh = "member-" + UUID.randomUUID();
            long start = System.nanoTime();
            Api.Response response = api.placeOrder(Api.member(fresh), UUID.randomUUID().toString(), LATTE);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(millis).as("answered in %d ms", millis).isLessThan(2000);
            assertThat(eventStore.ordersOf(fresh)).isZero();
        } finally {
            StubMemberService.start();
        }
    }

    int directoryRows(String memberId) {
        Integer rows = jdbc.queryForObject("select count(*) from member_directory where member_id = ?",
                Integer.class, memberId);
        return rows == null ? 0 : rows;
    }

    /** Publishes a member event as member-service does: Axon's Kafka record format, keyed by member id. */
    public static void publish(MemberRegistered event) throws Exception {
        DefaultKafkaMessageConverter converter = DefaultKafkaMessageConverter.builder()
                .serializer(JacksonSerializer.builder().objectMapper(AxonJsonAutoConfiguration.eventObjectMapper())
                        .build())
                .build();
        ProducerRecord<String, byte[]> record = converter.createKafkaMessage(
                new GenericDomainEventMessage<>("Member", event.memberId(), 0, event), MemberTopics.MEMBER_EVENTS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(record).get();
        }
    }
}
