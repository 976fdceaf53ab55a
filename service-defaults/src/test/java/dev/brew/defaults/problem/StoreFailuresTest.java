package dev.brew.defaults.problem;

import com.mongodb.MongoTimeoutException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The one list answers its two questions: unreachable (a 503, through the causes) and failing (a breaker's count). */
class StoreFailuresTest {

    @Test
    void an_unreachable_store_anywhere_in_the_causes_is_a_503() {
        assertThat(StoreFailures.unreachable(new DataAccessResourceFailureException("refused"))).isTrue();
        assertThat(StoreFailures.unreachable(new IllegalStateException("query failed",
                new MongoTimeoutException("no server")))).isTrue();
        assertThat(StoreFailures.unreachable(new DuplicateKeyException("taken"))).isFalse();
        // Failing with its outcome unknown is not "unreachable": still a 500 where no breaker turns it into a 503.
        assertThat(StoreFailures.unreachable(new TransactionSystemException("commit failed"))).isFalse();
        assertThat(StoreFailures.unreachable(new EventStoreException("insert failed"))).isFalse();
    }

    @Test
    void a_breaker_counts_the_failure_itself_and_a_lost_connection_anywhere() {
        StoreFailures counted = new StoreFailures();
        assertThat(counted.test(new DataAccessResourceFailureException("refused"))).isTrue();
        assertThat(counted.test(new TransactionSystemException("commit failed"))).isTrue();
        assertThat(counted.test(new EventStoreException("insert failed"))).isTrue();
        assertThat(counted.test(new IllegalStateException("scheduler", new SQLException("I/O error", "08006"))))
                .isTrue();
        assertThat(counted.test(new IllegalStateException("wrapped", new DataAccessResourceFailureException("x"))))
                .isFalse();
        assertThat(counted.test(new ConcurrencyException("duplicate"))).isFalse();
        assertThat(counted.test(new IllegalArgumentException("the caller's"))).isFalse();
    }
}
