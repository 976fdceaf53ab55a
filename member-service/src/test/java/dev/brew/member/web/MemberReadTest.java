package dev.brew.member.web;

import dev.brew.member.support.Api;
import dev.brew.member.support.MemberDocuments;
import dev.brew.member.support.MemberServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.UUID;

import static dev.brew.member.support.MemberServiceTest.BARISTA_PASSWORD;
import static dev.brew.member.support.MemberServiceTest.OPERATOR_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may read a member: the member, a barista, an operator; not another member, not an anonymous caller. */
@MemberServiceTest
class MemberReadTest {

    @Autowired
    Api api;
    @Autowired
    MemberDocuments documents;

    String memberId;
    String memberName;

    @BeforeEach
    void aMember() {
        memberName = Api.uniqueName("Jo");
        memberId = api.signUpOk(memberName, "jo's password");
    }

    @Test
    void the_member_reads_themself() {
        Api.Response response = api.get("/api/members/" + memberId, api.token(memberName, "jo's password"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("name").asText()).isEqualTo(memberName);
        assertThat(response.body()).doesNotContain("password");
    }

    @Test
    void a_barista_and_an_operator_read_any_member() {
        String barista = staffToken("barista", BARISTA_PASSWORD);
        String operator = staffToken("operator", OPERATOR_PASSWORD);

        for (String token : new String[]{barista, operator}) {
            Api.Response response = api.get("/api/members/" + memberId, token);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().get("id").asText()).isEqualTo(memberId);
            assertThat(response.json().get("roles").get(0).asText()).isEqualTo("MEMBER");
        }
    }

    @Test
    void another_member_gets_403_whether_or_not_the_member_exists() {
        String other = Api.uniqueName("Other");
        api.signUpOk(other, "other's password");
        String token = api.token(other, "other's password");

        Api.Response existing = api.get("/api/members/" + memberId, token);
        Api.Response unknown = api.get("/api/members/" + UUID.randomUUID(), token);

        assertThat(existing.status()).isEqualTo(403);
        assertThat(unknown.status()).isEqualTo(403);
        assertThat(existing.body()).doesNotContain(memberName);
    }

    @Test
    void an_anonymous_caller_gets_401() {
        Api.Response response = api.get("/api/members/" + memberId, null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(api.get("/api/members/me", null).status()).isEqualTo(401);
    }

    @Test
    void a_barista_asking_for_an_unknown_member_gets_404() {
        Api.Response response = api.get("/api/members/" + UUID.randomUUID(), staffToken("barista", BARISTA_PASSWORD));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asText()).isEqualTo("member-not-found");
    }

    /** The seeds are written just after start-up, in the background (waited for in MongoDB, not by guessing). */
    private String staffToken(String name, String password) {
        await().atMost(Duration.ofSeconds(30)).until(() -> documents.countByNameKey(name) == 1);
        return api.token(name, password);
    }
}
