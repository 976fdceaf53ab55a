package dev.brew.gateway.config;

import dev.brew.gateway.support.GatewayTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

import static org.assertj.core.api.Assertions.assertThat;

/** The warm-up before readiness (ADR 0124): it runs while readiness still refuses, and gives the access log back. */
@GatewayTest
class WarmUpTest {

    @Autowired
    WarmUp warmUp;
    @Autowired
    LoggingSystem logging;

    @Test
    void the_request_path_is_warmed_before_readiness_accepts_traffic() {
        assertThat(warmUp.rounds()).isPositive();
        assertThat(warmUp.readinessAtEnd()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
    }

    @Test
    void the_access_log_is_at_its_configured_level_again() {
        assertThat(logging.getLoggerConfiguration("dev.brew.gateway.access").getEffectiveLevel())
                .isEqualTo(LogLevel.INFO);
    }
}
