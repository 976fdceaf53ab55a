package dev.brew.defaults.kafka;

import dev.brew.testing.Ports;
import dev.brew.testing.RealServers;
import dev.brew.testing.Server;
import dev.brew.testing.SharedServers;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic creation every service shares, against a real broker. */
@RealServers(Server.KAFKA)
class KeptForeverTopicsTest {

    @Test
    void creates_missing_topics_kept_forever_and_takes_existing_ones_as_created() throws Exception {
        String name = "kept-" + UUID.randomUUID();
        String bootstrap = SharedServers.kafka().bootstrapServers();
        KeptForeverTopics first = new KeptForeverTopics(bootstrap,
                List.of(new KeptForeverTopics.Topic(name, 2, (short) 1)), 0, true);
        first.start();
        assertThat(first.allCreated()).isTrue();
        first.stop();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.describeTopics(Set.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).isEqualTo("-1");
        }

        KeptForeverTopics again = new KeptForeverTopics(bootstrap,
                List.of(new KeptForeverTopics.Topic(name, 2, (short) 1)), 0, true);
        again.start();
        assertThat(again.allCreated()).as("an existing topic counts as created").isTrue();
        again.stop();
    }

    @Test
    void without_kafka_the_start_goes_on_in_the_background() {
        KeptForeverTopics topics = new KeptForeverTopics("127.0.0.1:" + Ports.free(),
                List.of(new KeptForeverTopics.Topic("never", 1, (short) 1)), 0, false);
        topics.start();

        assertThat(topics.isRunning()).isTrue();
        assertThat(topics.allCreated()).isFalse();
        topics.stop();
    }
}
