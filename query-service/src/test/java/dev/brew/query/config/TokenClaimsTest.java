package dev.brew.query.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Which claim extensions the token store skips: only one of a claim this node wrote within the last second. */
class TokenClaimsTest {

    private final MongoConfiguration.Claims claims = new MongoConfiguration.Claims();

    @Test
    void a_batch_right_after_its_token_was_stored_or_claimed_skips_the_extension() {
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 0})).as("never claimed").isFalse();

        claims.done("fetchToken", new Object[]{"order-status", 0});
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 0})).as("just claimed").isTrue();
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 1})).as("another segment").isFalse();
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status-replay", 0})).as("another processor")
                .isFalse();
        assertThat(claims.fresh("storeToken", new Object[]{null, "order-status", 0})).as("a store is never skipped")
                .isFalse();

        claims.done("storeToken", new Object[]{null, "order-status", 1});
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 1})).as("just stored").isTrue();
    }

    @Test
    void a_claim_written_a_second_ago_is_extended_again() {
        claims.done("storeToken", new Object[]{null, "order-status", 0});
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 0})).isTrue();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !claims.fresh("extendClaim", new Object[]{"order-status", 0}));
    }

    @Test
    void a_released_or_deleted_claim_is_extended_again() {
        claims.done("storeToken", new Object[]{null, "order-status", 0});
        claims.done("releaseClaim", new Object[]{"order-status", 0});
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 0})).as("released").isFalse();

        claims.done("extendClaim", new Object[]{"order-status", 0});
        claims.done("deleteToken", new Object[]{"order-status", 0});
        assertThat(claims.fresh("extendClaim", new Object[]{"order-status", 0})).as("deleted").isFalse();
    }
}
