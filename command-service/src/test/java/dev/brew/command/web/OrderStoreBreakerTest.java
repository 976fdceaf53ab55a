package dev.brew.command.web;

import dev.brew.command.domain.InvalidOrder;
import dev.brew.defaults.problem.StoreFailures;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.transaction.TransactionSystemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which failures are the store's (they open the breaker) and which are the caller's (they never do), with the
 * {@code order-store} breaker as application.yml configures it in Boot's registry.
 */
class OrderStoreBreakerTest {

    @Test
    void only_the_stores_own_failures_open_it() {
        assertThat(StoreFailures.isStoreFailure(new EventStoreException("insert failed"))).isTrue();
        assertThat(StoreFailures.isStoreFailure(new TransactionSystemException("rollback failed"))).isTrue();
        assertThat(StoreFailures.isStoreFailure(new IllegalStateException("scheduler",
                new SQLException("I/O error", "08006")))).isTrue();
        assertThat(StoreFailures.isStoreFailure(new ConcurrencyException("duplicate"))).isFalse();
        assertThat(StoreFailures.isStoreFailure(new InvalidOrder("items", "empty"))).isFalse();
    }

    @Test
    void after_five_store_failures_commands_are_refused_without_being_run() {
        withBreaker(breaker -> {
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> breaker.call(() -> {
                    throw new EventStoreException("connection lost");
                })).isInstanceOf(OrderStoreBreaker.Unavailable.class).hasCauseInstanceOf(EventStoreException.class);
            }
            boolean[] ran = {false};

            assertThatThrownBy(() -> breaker.call(() -> ran[0] = true))
                    .isInstanceOf(OrderStoreBreaker.Unavailable.class)
                    .hasCauseInstanceOf(CallNotPermittedException.class);
            assertThat(ran[0]).isFalse();
        });
    }

    @Test
    void refused_orders_never_open_it() {
        withBreaker(breaker -> {
            for (int i = 0; i < 20; i++) {
                assertThatThrownBy(() -> breaker.call(() -> {
                    throw new InvalidOrder("items", "empty");
                })).isInstanceOf(InvalidOrder.class);
            }

            assertThat(breaker.call(() -> "placed")).isEqualTo("placed");
        });
    }

    /** The breaker from Resilience4j's Boot auto-configuration, bound to the service's own application.yml. */
    private static void withBreaker(Consumer<OrderStoreBreaker> test) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(CircuitBreakerAutoConfiguration.class))
                .withInitializer(context -> {
                    try {
                        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                                .forEach(context.getEnvironment().getPropertySources()::addLast);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .withBean(SimpleMeterRegistry.class)
                .withBean(OrderStoreBreaker.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    test.accept(context.getBean(OrderStoreBreaker.class));
                });
    }
}
