package dev.brew.defaults.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfigurer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.time.Duration;

/**
 * {@code brew_kafka_consumer_lag_records} for every Axon processor that reads Kafka through the extension's
 * streamable source (see {@link KafkaConsumerLag}).
 */
@AutoConfiguration(afterName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnClass(name = {"org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.extensions.kafka.eventhandling.consumer.streamable.KafkaTrackingToken"})
@ConditionalOnProperty("axon.kafka.bootstrap-servers")
public class KafkaConsumerLagAutoConfiguration {

    @Bean
    KafkaConsumerLag kafkaConsumerLag(@Value("${axon.kafka.bootstrap-servers}") String bootstrapServers,
                                      @Value("${brew.metrics.kafka-consumer-lag.interval:5s}") Duration interval,
                                      EventProcessingConfigurer processing, MeterRegistry registry) {
        KafkaConsumerLag lag = new KafkaConsumerLag(bootstrapServers, interval, registry);
        processing.registerDefaultHandlerInterceptor((configuration, processor) -> lag.handledBy(processor));
        return lag;
    }
}
