package dev.brew.command.config;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Order deadlines (expiry) are persistent: Axon's {@link DbSchedulerDeadlineManager} on db-scheduler, whose table
 * lives in the command side's PostgreSQL (Flyway V17) and is written in the command's own transaction
 * (docs/adr/0901-persistent-order-deadlines.md).
 *
 * <p>Built as Axon's own auto-configuration builds it, with one difference: the bean is declared with its concrete
 * type. db-scheduler's task looks the manager up by that type when a deadline is due, and a bean declared as a plain
 * {@code DeadlineManager} is not found by it in an instance that has not scheduled anything yet (seen: a deadline
 * due in a freshly restarted instance failed with NoSuchBeanDefinitionException).
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    @Bean
    DbSchedulerDeadlineManager deadlineManager(Scheduler scheduler, org.axonframework.config.Configuration axon,
                                               Serializer serializer, TransactionManager transactionManager,
                                               DeadlineManagerSpanFactory spanFactory) {
        return DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                // db-scheduler's Spring Boot starter starts and stops the scheduler with the application.
                .startScheduler(false)
                .stopScheduler(false)
                .build();
    }
}
