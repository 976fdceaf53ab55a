package dev.brew.defaults.observability;

import io.opentelemetry.api.OpenTelemetry;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Axon's spans on the service's own OpenTelemetry SDK. Axon's auto-configuration builds its span factory from
 * {@code GlobalOpenTelemetry}, which Spring Boot never sets: its spans would go nowhere and the trace context would
 * not reach message metadata. Built from the SDK bean instead, Axon's command, event-store and event-processor spans
 * join the HTTP request's trace, and the W3C {@code traceparent} travels in each message's metadata (and so, through
 * the Kafka extension, in the records' {@code axon-metadata-traceparent} header).
 */
@AutoConfiguration(
        afterName = {"org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
                "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration"},
        beforeName = {"org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration",
                "org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration"})
@ConditionalOnClass(name = {"org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory",
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration"})
@ConditionalOnBean(OpenTelemetry.class)
public class AxonTracingAutoConfiguration {

    static final String INSTRUMENTATION = "AxonFramework-OpenTelemetry";

    @Bean
    @ConditionalOnMissingBean
    SpanFactory spanFactory(OpenTelemetry openTelemetry) {
        return OpenTelemetrySpanFactory.builder()
                .tracer(openTelemetry.getTracer(INSTRUMENTATION))
                .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                .build();
    }
}
