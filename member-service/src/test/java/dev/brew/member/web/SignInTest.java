package dev.brew.member.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.brew.member.support.Api;
import dev.brew.member.support.MemberServiceTest;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@MemberServiceTest
class SignInTest {

    @Autowired
    Api api;

    @Test
    void a_good_sign_in_returns_an_RS256_token_that_verifies_against_the_JWKS_with_the_right_claims() throws Exception {
        String name = Api.uniqueName("Dana");
        String id = api.signUpOk(name, "dana's password");

        Api.Response response = api.signIn(name.toLowerCase(), "dana's password");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        JsonNode session = response.json();
        assertThat(session.get("member").get("id").asText()).isEqualTo(id);
        assertThat(session.get("member").get("name").asText()).isEqualTo(name);
        assertThat(session.get("member").get("roles").get(0).asText()).isEqualTo("MEMBER");

        Api.Response jwksResponse = api.get("/.well-known/jwks.json", null);
        assertThat(jwksResponse.status()).isEqualTo(200);
        JWKSet jwks = JWKSet.parse(jwksResponse.body());
        assertThat(jwks.getKeys()).hasSize(1);
        assertThat(jwks.getKeys().get(0).isPrivate()).isFalse();
        assertThat(jwksResponse.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");

        SignedJWT jwt = SignedJWT.parse(session.get("token").asText());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("the token's kid names a key in the JWKS").isNotNull();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("http://member-service");
        assertThat(claims.getSubject()).isEqualTo(id);
        assertThat(claims.getStringClaim("name")).isEqualTo(name);
        assertThat(claims.getStringListClaim("roles")).containsExactly("MEMBER");
        Instant issuedAt = claims.getIssueTime().toInstant();
        Instant expiresAt = claims.getExpirationTime().toInstant();
        assertThat(issuedAt).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        assertThat(Duration.between(issuedAt, expiresAt)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Instant.parse(session.get("expiresAt").asText())).isEqualTo(expiresAt);
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void the_token_opens_the_members_own_record() {
        String name = Api.uniqueName("Eve");
        String id = api.signUpOk(name, "eve's password");
        String token = api.token(name, "eve's password");

        Api.Response me = api.get("/api/members/me", token);

        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().get("id").asText()).isEqualTo(id);
    }

    @Test
    void a_wrong_password_and_an_unknown_name_get_the_same_401() {
        String name = Api.uniqueName("Finn");
        api.signUpOk(name, "finn's password");

        Api.Response wrongPassword = api.signIn(name, "not finn's password");
        Api.Response unknownName = api.signIn(Api.uniqueName("nobody"), "finn's password");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownName.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("code").asText()).isEqualTo("bad-credentials");
        assertThat(unknownName.json().get("detail")).isEqualTo(wrongPassword.json().get("detail"));
        assertThat(wrongPassword.body()).doesNotContain("token");
    }

    @Test
    void an_over_long_password_is_a_401_not_a_500() {
        String name = Api.uniqueName("Gus");
        api.signUpOk(name, "gus's password");
        assertThat(api.signIn(name, "x".repeat(200)).status()).isEqualTo(401);
    }

    @Test
    void guessing_one_name_from_many_addresses_is_stopped_with_429_and_Retry_After() {
        String name = Api.uniqueName("Hana");
        api.signUpOk(name, "hana's password");
        String ownersUsualAddress = Api.freshAddress();
        assertThat(api.signIn(name, "hana's password", ownersUsualAddress).status()).isEqualTo(200);
        for (int attempt = 1; attempt <= 12; attempt++) {
            assertThat(api.signIn(name, "guess " + attempt, Api.freshAddress()).status()).isEqualTo(401);
        }

        Api.Response blocked = api.signIn(name.toUpperCase(), "guess 13", Api.freshAddress());

        assertThat(blocked.status()).as(blocked.body()).isEqualTo(429);
        assertThat(blocked.json().get("code").asText()).isEqualTo("too-many-attempts");
        assertThat(Long.parseLong(blocked.header("Retry-After"))).isBetween(1L, 60L);
        // Even the right password waits from an address the member never used: otherwise the 429 itself would not
        // slow the guessing down. From the address the member signed in from before, it goes through.
        assertThat(api.signIn(name, "hana's password", Api.freshAddress()).status()).isEqualTo(429);
        assertThat(api.signIn(name, "hana's password", ownersUsualAddress).status()).isEqualTo(200);
    }

    /** Issue 21: five wrong passwords locked the name for everyone, so anyone could keep staff out all day. */
    @Test
    void a_guesser_is_slowed_down_more_and_more_but_never_locks_the_owner_out() {
        String name = Api.uniqueName("Jun");
        api.signUpOk(name, "jun's password");
        String guesser = Api.freshAddress();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(api.signIn(name, "guess " + attempt, guesser).status()).isEqualTo(401);
        }
        Api.Response slowed = api.signIn(name, "guess 6", guesser);
        assertThat(slowed.status()).as(slowed.body()).isEqualTo(429);
        assertThat(slowed.header("Retry-After")).isEqualTo("1");
        for (int attempt = 7; attempt <= 30; attempt++) {
            assertThat(api.signIn(name, "guess " + attempt, guesser).status()).isIn(401, 429);
        }

        assertThat(api.signIn(name, "jun's password", Api.freshAddress()).status())
                .as("the owner from a place of their own, during the guessing").isEqualTo(200);
    }

    @Test
    void trying_many_names_from_one_address_is_stopped_even_when_the_client_forges_earlier_forwarded_entries() {
        String gatewaySaw = Api.freshAddress();
        for (int attempt = 1; attempt <= 8; attempt++) {
            String forged = Api.freshAddress() + ", " + gatewaySaw;
            assertThat(api.signIn(Api.uniqueName("spray"), "password1", forged).status()).isEqualTo(401);
        }

        Api.Response blocked = api.signIn(Api.uniqueName("spray"), "password1", "1.2.3.4, " + gatewaySaw);

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isNotNull();
        assertThat(api.signIn(Api.uniqueName("spray"), "password1", Api.freshAddress()).status()).isEqualTo(401);
    }

    @Test
    void successful_sign_ins_do_not_use_up_the_limits() {
        String name = Api.uniqueName("Ivy");
        api.signUpOk(name, "ivy's password");
        String address = Api.freshAddress();
        for (int i = 0; i < 12; i++) {
            assertThat(api.signIn(name, "ivy's password", address).status()).isEqualTo(200);
        }
    }

    @Test
    void a_missing_password_is_a_400_naming_it() {
        Api.Response response = api.post("/api/sessions", "{\"name\":\"someone\"}", null, Api.freshAddress());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("field").asText()).isEqualTo("password");
    }

    @Test
    void a_token_from_another_issuer_key_is_refused() {
        String foreign = SharedServers.jwtIssuer().token("someone", "someone", "OPERATOR");
        Api.Response response = api.get("/api/members/me", foreign);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }
}
