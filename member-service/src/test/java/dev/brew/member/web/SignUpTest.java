package dev.brew.member.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brew.member.support.Api;
import dev.brew.member.support.MemberDocuments;
import dev.brew.member.support.MemberServiceTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

@MemberServiceTest
class SignUpTest {

    @Autowired
    Api api;
    @Autowired
    MemberDocuments documents;

    @Test
    void a_new_member_gets_201_with_id_name_and_role_and_never_the_hash() {
        String name = Api.uniqueName("  Ann") + "  ";
        Api.Response response = api.signUp(name, "correct horse");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode member = response.json();
        String id = member.get("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(member.get("name").asText()).isEqualTo(name.strip());
        assertThat(member.get("roles")).hasSize(1);
        assertThat(member.get("roles").get(0).asText()).isEqualTo("MEMBER");
        assertThat(member.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "roles");
        assertThat(response.header("Location")).isEqualTo("/api/members/" + id);

        Document stored = documents.byId(id);
        assertThat(stored.getString("passwordHash")).startsWith("{bcrypt}$2").doesNotContain("correct horse");
        assertThat(stored.getString("nameKey")).isEqualTo(name.strip().toLowerCase());
    }

    @Test
    void a_name_of_exactly_40_characters_is_accepted() {
        String name = (Api.uniqueName("n") + "x".repeat(40)).substring(0, 40);
        assertThat(api.signUp(name, "brew-pass-1").status()).isEqualTo(201);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(Api.body("", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body("   ", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body("x".repeat(41), "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body("bell\u0007", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body("two\nlines", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body("evil\u202Eeman", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body(Api.uniqueName("p"), "short"), 422, "password"),
                Arguments.of(Api.body(Api.uniqueName("p"), "x".repeat(73)), 422, "password"),
                Arguments.of(Api.body(Api.uniqueName("p"), "가".repeat(25)), 422, "password"),
                // Issue 21: a name that renders as "operator", weak and whitespace-only passwords were accepted.
                Arguments.of(Api.body("operat\u200Bor", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body("operat\u043Er", "brew-pass-1"), 422, "name"),
                Arguments.of(Api.body(Api.uniqueName("p"), "password"), 422, "password"),
                Arguments.of(Api.body(Api.uniqueName("p"), "12345678"), 422, "password"),
                Arguments.of(Api.body(Api.uniqueName("p"), "          "), 422, "password"),
                Arguments.of("{\"password\":\"password1\"}", 400, "name"),
                Arguments.of("{\"name\":\"someone\"}", 400, "password"),
                Arguments.of("{\"name\":42,\"password\":\"password1\"}", 400, "name"),
                Arguments.of("{\"name\":\"someone\",\"password\":\"password1\",\"role\":\"OPERATOR\"}", 400, "role"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void bad_input_gets_a_problem_naming_the_field(String body, int status, String field) {
        Api.Response response = api.post("/api/members", body, null, Api.freshAddress());

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("field").asText()).isEqualTo(field);
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void malformed_json_is_a_400_problem() {
        Api.Response response = api.post("/api/members", "{\"name\":", null, Api.freshAddress());
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("code").asText()).isEqualTo("malformed-json");
    }

    @Test
    void a_taken_name_in_another_letter_case_is_a_409() {
        String name = Api.uniqueName("Case");
        api.signUpOk(name, "brew-pass-1");

        Api.Response again = api.signUp(name.toUpperCase(), "brew-pass-2");

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isEqualTo("name-taken");
        assertThat(again.json().get("field").asText()).isEqualTo("name");
        assertThat(documents.countByNameKey(name.toLowerCase())).isEqualTo(1);
    }

    @Test
    void full_width_letters_are_the_same_name() {
        String name = "wide" + Api.uniqueName("");
        api.signUpOk(name, "brew-pass-1");
        String fullWidth = name.chars().mapToObj(c -> c >= '!' && c <= '~' ? Character.toString(c + 0xFEE0)
                : Character.toString(c)).reduce("", String::concat);

        assertThat(api.signUp(fullWidth, "brew-pass-1").status()).isEqualTo(409);
    }

    @Test
    void the_seeded_staff_names_are_reserved_even_when_a_seed_is_skipped() {
        assertThat(api.signUp("BARISTA", "brew-pass-1").status()).isEqualTo(409);
        assertThat(api.signUp("Night-Barista", "brew-pass-1").status()).isEqualTo(409);
    }

    @Test
    void concurrent_sign_ups_of_one_name_make_exactly_one_member() throws Exception {
        String name = Api.uniqueName("race");
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String variant = i % 2 == 0 ? name : name.toUpperCase();
                calls.add(() -> api.signUp(variant, "brew-pass-1").status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(callers - 1);
            assertThat(documents.countByNameKey(name.toLowerCase())).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
