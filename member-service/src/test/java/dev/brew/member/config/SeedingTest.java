package dev.brew.member.config;

import dev.brew.contracts.Role;
import dev.brew.member.domain.MemberRegistration;
import dev.brew.member.support.Api;
import dev.brew.member.support.MemberDocuments;
import dev.brew.member.support.MemberServiceTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static dev.brew.member.support.MemberServiceTest.BARISTA_PASSWORD;
import static dev.brew.member.support.MemberServiceTest.OPERATOR_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Staff come from configuration (the passwords here are test properties), once, whatever the restarts. */
@MemberServiceTest
class SeedingTest {

    @Autowired
    Api api;
    @Autowired
    MemberDocuments documents;
    @Autowired
    MemberSeeding seeding;
    @Autowired
    MemberRegistration registration;

    @Test
    void the_seeded_barista_and_operator_sign_in_with_their_roles() {
        await().atMost(Duration.ofSeconds(30)).until(seeding::isDone);

        Api.Response barista = api.signIn("barista", BARISTA_PASSWORD);
        Api.Response operator = api.signIn("Operator", OPERATOR_PASSWORD);

        assertThat(barista.status()).as(barista.body()).isEqualTo(200);
        assertThat(barista.json().get("member").get("roles").get(0).asText()).isEqualTo("BARISTA");
        assertThat(operator.status()).as(operator.body()).isEqualTo(200);
        assertThat(operator.json().get("member").get("roles").get(0).asText()).isEqualTo("OPERATOR");
    }

    @Test
    void seeding_again_changes_nothing_and_a_seed_without_password_is_skipped() {
        await().atMost(Duration.ofSeconds(30)).until(seeding::isDone);

        assertThat(registration.seed("barista", Role.BARISTA, BARISTA_PASSWORD))
                .isEqualTo(MemberRegistration.SeedOutcome.UNCHANGED);
        assertThat(documents.countByNameKey("barista")).isEqualTo(1);
        assertThat(documents.countByNameKey("night-barista")).isZero();
    }

    @Test
    void a_customer_holding_a_staff_name_is_never_promoted() {
        String name = Api.uniqueName("cust");
        api.signUpOk(name, "customer password");

        assertThat(registration.seed(name, Role.OPERATOR, "operator password"))
                .isEqualTo(MemberRegistration.SeedOutcome.CONFLICT);
        Api.Response signIn = api.signIn(name, "customer password");
        assertThat(signIn.json().get("member").get("roles").get(0).asText()).isEqualTo("MEMBER");
        assertThat(api.signIn(name, "operator password").status()).isEqualTo(401);
    }

    @Test
    void a_changed_seed_password_replaces_the_old_one() {
        String name = Api.uniqueName("relief-barista");
        assertThat(registration.seed(name, Role.BARISTA, "first password")).isEqualTo(MemberRegistration.SeedOutcome.CREATED);
        assertThat(registration.seed(name, Role.BARISTA, "second password"))
                .isEqualTo(MemberRegistration.SeedOutcome.PASSWORD_UPDATED);

        assertThat(api.signIn(name, "second password").status()).isEqualTo(200);
        assertThat(api.signIn(name, "first password").status()).isEqualTo(401);
    }
}
