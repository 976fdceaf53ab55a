package dev.brew.defaults.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Comparator;

/**
 * The one place topics are declared: the topics a service lists under {@code brew.kafka.topics} are created when
 * missing, with {@code brew.kafka.partitions} and {@code brew.kafka.replication-factor}, kept forever. Whichever
 * service starts first creates a topic, with the same settings as any other would. Phase: before Axon's processors
 * and the member relay, which must find their topics (a streamable Kafka source assigns only the partitions that
 * exist when it opens its stream).
 */
@AutoConfiguration
@ConditionalOnClass(name = "org.apache.kafka.clients.admin.Admin")
@EnableConfigurationProperties(BrewKafkaProperties.class)
public class KafkaTopicsAutoConfiguration {

    /** Early: before Axon's event processors and the member relay (phase 0) start. */
    public static final int PHASE = Integer.MIN_VALUE + 1000;

    @Bean
    @ConditionalOnMissingBean
    @Conditional(TopicsListed.class)
    KeptForeverTopics keptForeverTopics(BrewKafkaProperties kafka) {
        return new KeptForeverTopics(kafka.bootstrapServers(), kafka.topics().values().stream()
                .sorted(Comparator.naturalOrder()).distinct()
                .map(name -> new KeptForeverTopics.Topic(name, kafka.partitions(), kafka.replicationFactor()))
                .toList(), PHASE, kafka.topicsBeforeStart());
    }

    /** Only in services that list topics (the gateway, for one, lists none). */
    static class TopicsListed implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("brew.kafka.topics", Bindable.mapOf(String.class, String.class))
                    .map(topics -> !topics.isEmpty()).orElse(false);
        }
    }
}
