package dev.brew.query.projection;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MongoOutageRetryTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final MongoOutageRetry retry = new MongoOutageRetry(Duration.ofMillis(5), registry);

    @Test
    void a_call_is_tried_again_while_mongodb_cannot_be_reached_then_answers() {
        List<Integer> attempts = new ArrayList<>();
        String result = retry.call("a read", () -> {
            int attempt = attempts.size() + 1;
            attempts.add(attempt);
            if (attempt == 1) {
                throw new MongoSocketOpenException("refused", new ServerAddress());
            }
            if (attempt == 2) {
                throw new MongoTimeoutException("no server selected");
            }
            return "answer";
        });
        assertThat(result).isEqualTo("answer");
        assertThat(attempts).containsExactly(1, 2, 3);
        assertThat(registry.get("brew.mongo.outage.retries").counter().count()).isEqualTo(2);
        assertThat(registry.get("brew.mongo.outage.waiting").gauge().value()).isZero();
    }

    @Test
    void a_refused_call_is_not_an_outage_and_fails_at_once() {
        var refused = new MongoWriteException(new WriteError(11000, "duplicate key", new BsonDocument()),
                new ServerAddress());
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> retry.run("a write", () -> {
            attempts.incrementAndGet();
            throw refused;
        })).isSameAs(refused);
        assertThat(attempts).hasValue(1);
        assertThat(MongoOutageRetry.isOutage(new IllegalStateException("x", refused))).isFalse();
        assertThat(MongoOutageRetry.isOutage(new IllegalStateException("wrapped",
                new MongoSocketOpenException("refused", new ServerAddress())))).isTrue();
    }

    @Test
    void a_waiting_thread_stops_when_interrupted() throws Exception {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                retry.run("a write", () -> {
                    throw new MongoTimeoutException("no server selected");
                });
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        await().until(() -> registry.get("brew.mongo.outage.waiting").gauge().value() == 1);

        worker.get().interrupt();

        assertThat(outcome.get()).isInstanceOf(MongoTimeoutException.class);
        assertThat(registry.get("brew.mongo.outage.waiting").gauge().value()).isZero();
    }
}
