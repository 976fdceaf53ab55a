package dev.brew.command.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How far publication to Kafka is behind the event store, for the whole deployment (read from the database, not from
 * whichever instance holds the publisher's claim): {@code brew_publisher_lag_events} (events stored but not yet
 * published) and {@code brew_publisher_lag_seconds} (age of the oldest of them). Zero when Kafka keeps up; it grows
 * while Kafka is down and returns to zero when the backlog is sent. Events a gap in the token stands for are not
 * counted (they are few and short-lived). Sampled at most once a second.
 */
@Component
class PublisherLagMetrics implements MeterBinder {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Sample last = new Sample(Instant.EPOCH, 0, 0);

    PublisherLagMetrics(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("brew.publisher.lag.events", this, m -> m.sample().events())
                .description("Events stored but not yet published to Kafka").register(registry);
        Gauge.builder("brew.publisher.lag.seconds", this, m -> m.sample().seconds())
                .description("Age of the oldest event not yet published to Kafka").baseUnit("seconds")
                .register(registry);
    }

    private synchronized Sample sample() {
        Instant now = clock.instant();
        if (Duration.between(last.at(), now).compareTo(SAMPLE_EVERY) < 0) {
            return last;
        }
        try {
            Long position = jdbc.queryForObject("""
                    select max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) from token_entry
                    where processor_name = ? and token is not null""", Long.class,
                    KafkaEventPublisher.DEFAULT_PROCESSING_GROUP);
            long published = position == null ? -1 : position;
            last = jdbc.queryForObject("""
                            select count(*), min(time_stamp) from domain_event_entry where global_index > ?""",
                    (rs, row) -> {
                        long events = rs.getLong(1);
                        String oldest = rs.getString(2);
                        double seconds = oldest == null ? 0
                                : Math.max(0, Duration.between(Instant.parse(oldest), now).toMillis() / 1000.0);
                        return new Sample(now, events, seconds);
                    }, published);
        } catch (DataAccessException e) {
            // The store is down: keep the last figures rather than fail the scrape.
        }
        return last;
    }

    private record Sample(Instant at, long events, double seconds) {
    }
}
