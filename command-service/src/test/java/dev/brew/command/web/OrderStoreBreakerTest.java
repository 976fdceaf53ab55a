package dev.brew.command.web;

import dev.brew.command.domain.InvalidOrder;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which failures are the store's (they open the breaker) and which are the caller's (they never do). */
class OrderStoreBreakerTest {

    @Test
    void only_the_stores_own_failures_open_it() {
        assertThat(OrderStoreBreaker.isStoreFailure(new EventStoreException("insert failed"))).isTrue();
        assertThat(OrderStoreBreaker.isStoreFailure(new TransactionSystemException("rollback failed"))).isTrue();
        assertThat(OrderStoreBreaker.isStoreFailure(new ConcurrencyException("duplicate"))).isFalse();
        assertThat(OrderStoreBreaker.isStoreFailure(new InvalidOrder("items", "empty"))).isFalse();
    }

    @Test
    void after_five_store_failures_commands_are_refused_without_being_run() {
        OrderStoreBreaker breaker = new OrderStoreBreaker(new SimpleMeterRegistry());
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new EventStoreException("connection lost");
            })).isInstanceOf(EventStoreException.class);
        }
        boolean[] ran = {false};

        assertThatThrownBy(() -> breaker.call(() -> ran[0] = true)).isInstanceOf(CallNotPermittedException.class);
        assertThat(ran[0]).isFalse();
    }

    @Test
    void refused_orders_never_open_it() {
        OrderStoreBreaker breaker = new OrderStoreBreaker(new SimpleMeterRegistry());
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new InvalidOrder("items", "empty");
            })).isInstanceOf(InvalidOrder.class);
        }

        assertThat(breaker.call(() -> "placed")).isEqualTo("placed");
    }
}
