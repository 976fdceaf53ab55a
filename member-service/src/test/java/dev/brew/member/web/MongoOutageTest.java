package dev.brew.member.web;

import dev.brew.member.support.Api;
import dev.brew.member.support.MemberServiceTest;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB down: readiness goes DOWN (the gateway stops sending), liveness stays UP (no restart loop), sign-up and
 * sign-in answer 503 fast; when it returns, the service is ready and works again. Runs last, as it cuts every
 * connection.
 */
@MemberServiceTest
@Order(Order.DEFAULT + 200)
class MongoOutageTest {

    @Autowired
    Api api;

    @AfterEach
    void mongoBack() {
        SharedServers.mongo().start();
    }

    @Test
    void readiness_follows_mongodb_and_liveness_does_not() {
        assumeThat(SharedServers.mongo().isReal()).as("a real MONGODB_URI cannot be stopped from here").isFalse();
        Api.Response ready = api.get("/actuator/health/readiness", null);
        assertThat(ready.status()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("mongo");

        SharedServers.mongo().stop();

        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/actuator/health/readiness", null).status() == 503);
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
        Instant start = Instant.now();
        Api.Response signUp = api.signUp(Api.uniqueName("during"), "brew-pass-1");
        Api.Response signIn = api.signIn("barista", "whatever1");
        assertThat(signUp.status()).as(signUp.body()).isEqualTo(503);
        assertThat(signUp.json().get("code").asText()).isEqualTo("unavailable");
        assertThat(signUp.header("Retry-After")).isNotNull();
        assertThat(signIn.status()).isEqualTo(503);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        // Tokens already issued are checked without MongoDB: the JWKS is still served.
        assertThat(api.get("/.well-known/jwks.json", null).status()).isEqualTo(200);

        SharedServers.mongo().start();

        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actuator/health/readiness", null).status() == 200);
        String name = Api.uniqueName("after");
        assertThat(api.signUp(name, "brew-pass-1").status()).isEqualTo(201);
        // The unique index still holds: the same name in another case is refused.
        assertThat(api.signUp(name.toUpperCase(), "brew-pass-1").status()).isEqualTo(409);
    }
}
