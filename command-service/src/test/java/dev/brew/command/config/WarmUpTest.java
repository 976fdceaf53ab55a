package dev.brew.command.config;

import dev.brew.command.support.CommandServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up before readiness (ADR 0124): it runs its rounds while readiness still refuses, and stores nothing. */
@CommandServiceTest
class WarmUpTest {

    @Autowired
    WarmUp warmUp;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    LoggingSystem logging;

    @Test
    void the_order_path_is_warmed_before_readiness_accepts_traffic() {
        assertThat(warmUp.rounds()).isPositive();
        assertThat(warmUp.readinessAtEnd()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void axon_logs_a_missing_order_at_warn_again_after_the_warm_up() {
        assertThat(logging.getLoggerConfiguration("org.axonframework.modelling.command.AbstractRepository")
                .getEffectiveLevel()).isEqualTo(LogLevel.INFO);
    }

    @Test
    void the_warm_up_stores_no_event() {
        // Its commands name orders 00000000-0000-0000-…, which no client can create (ids are name-based UUIDs).
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry"
                + " where aggregate_identifier like '00000000-0000-0000-%'", Long.class)).isZero();
    }
}
