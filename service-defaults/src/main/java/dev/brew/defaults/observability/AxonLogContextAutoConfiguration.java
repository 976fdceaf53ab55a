package dev.brew.defaults.observability;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/**
 * Carries the log context through Axon: the request id of the HTTP call that sent a command goes into the command's
 * metadata, from there (as correlation data) into every event it causes, and with the events through Kafka to other
 * services. While an event handler runs (a projection, the Kafka publisher, a metrics handler), the log MDC holds
 * that {@code requestId} and the {@code orderId} of an order event; {@code traceId} and {@code spanId} come from
 * the current span (Micrometer Tracing keeps them in the MDC).
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class AxonLogContextAutoConfiguration {

    /** Aggregate type of Brew's orders, whose id is logged as {@code orderId}. */
    static final String ORDER_AGGREGATE = "Order";

    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider requestIdCorrelation() {
        return new SimpleCorrelationDataProvider(LogContext.REQUEST_ID);
    }

    @Bean
    MessageDispatchInterceptor<CommandMessage<?>> requestIdOnCommands() {
        return messages -> (index, command) -> {
            String requestId = MDC.get(LogContext.REQUEST_ID);
            return requestId == null || command.getMetaData().containsKey(LogContext.REQUEST_ID) ? command
                    : command.andMetaData(Map.of(LogContext.REQUEST_ID, requestId));
        };
    }

    @SuppressWarnings("try")
    @Bean
    MessageHandlerInterceptor<EventMessage<?>> logContextOfEvents() {
        return (unitOfWork, chain) -> {
            EventMessage<?> event = unitOfWork.getMessage();
            Object requestId = event.getMetaData().get(LogContext.REQUEST_ID);
            String orderId = event instanceof DomainEventMessage<?> domain
                    && ORDER_AGGREGATE.equals(domain.getType()) ? domain.getAggregateIdentifier() : null;
            try (LogContext ignored = LogContext.of(LogContext.REQUEST_ID,
                    requestId == null ? null : requestId.toString(), LogContext.ORDER_ID, orderId)) {
                return chain.proceed();
            }
        };
    }
}
