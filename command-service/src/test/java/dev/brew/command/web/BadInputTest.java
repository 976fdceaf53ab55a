package dev.brew.command.web;

import dev.brew.command.support.Api;
import dev.brew.command.support.CommandServiceTest;
import dev.brew.command.support.EventStore;
import dev.brew.testing.SharedServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Collections;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** the spec's (docs/spec.md) bad-input list: a clear 4xx problem body naming the field, never a 5xx, and nothing stored. */
@CommandServiceTest
class BadInputTest {

    @Autowired
    Api api;
    @Autowired
    EventStore eventStore;

    static String line(String code, String quantity) {
        return "{\"menuCode\":\"" + code + "\",\"quantity\":" + quantity + "}";
    }

    static String order(String... lines) {
        return "{\"items\":[" + String.join(",", lines) + "]}";
    }

    record Case(String name, String body, String contentType, int status, String field) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> badOrders() {
        String json = "application/json";
        return Stream.of(
                new Case("malformed JSON", "{\"items\":[", json, 400, null),
                new Case("not JSON at all", "latte please", json, 400, null),
                new Case("empty body", "", json, 400, null),
                new Case("unknown menu code", order(line("AMERICANO", "1"), line("FLAT_WHITE", "1")), json, 422,
                        "items[1].menuCode"),
                new Case("quantity 0", order(line("AMERICANO", "0")), json, 422, "items[0].quantity"),
                new Case("quantity 21", order(line("AMERICANO", "21")), json, 422, "items[0].quantity"),
                new Case("negative quantity", order(line("AMERICANO", "-3")), json, 422, "items[0].quantity"),
                new Case("empty order", order(), json, 422, "items"),
                new Case("51 lines", order(Collections.nCopies(51, line("AMERICANO", "1")).toArray(String[]::new)),
                        json, 422, "items"),
                new Case("items missing", "{}", json, 400, "items"),
                new Case("menu code missing", "{\"items\":[{\"quantity\":1}]}", json, 400, "items[0].menuCode"),
                new Case("quantity missing", "{\"items\":[{\"menuCode\":\"AMERICANO\"}]}", json, 400,
                        "items[0].quantity"),
                new Case("quantity of the wrong type", order(line("AMERICANO", "\"two\"")), json, 400,
                        "items[0].quantity"),
                new Case("quantity as a string", order(line("AMERICANO", "\"2\"")), json, 400, "items[0].quantity"),
                new Case("fractional quantity", order(line("AMERICANO", "1.5")), json, 400, "items[0].quantity"),
                new Case("overflowing quantity", order(line("AMERICANO", "99999999999999999999")), json, 400,
                        "items[0].quantity"),
                new Case("items of the wrong type", "{\"items\":\"latte\"}", json, 400, "items"),
                new Case("unknown field (member in the body)",
                        "{\"items\":[" + line("AMERICANO", "1") + "],\"memberId\":\"someone-else\"}", json, 400,
                        "memberId"),
                new Case("duplicate JSON keys", "{\"items\":[],\"items\":[" + line("AMERICANO", "1") + "]}", json,
                        400, null),
                new Case("null line", "{\"items\":[null]}", json, 400, "items[0]"),
                new Case("wrong content type", order(line("AMERICANO", "1")), "text/plain", 415, null),
                new Case("huge body", order(Collections.nCopies(3000, line("AMERICANO", "1")).toArray(String[]::new)),
                        json, 413, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void a_bad_order_gets_a_problem_and_stores_nothing(Case bad) {
        String member = "member-" + UUID.randomUUID();
        Api.Response response = api.send("POST", "/api/orders", Api.member(member), bad.contentType(), bad.body(),
                "Idempotency-Key", UUID.randomUUID().toString());

        assertProblem(response, bad.status(), bad.field());
        assertThat(eventStore.ordersOf(member)).isZero();
    }

    @Test
    void an_order_needs_an_idempotency_key_of_sane_shape() {
        String member = "member-" + UUID.randomUUID();
        String body = order(line("AMERICANO", "1"));
        assertProblem(api.placeOrder(Api.member(member), null, body), 400, "Idempotency-Key");
        assertProblem(api.placeOrder(Api.member(member), "k".repeat(129), body), 400, "Idempotency-Key");
        assertProblem(api.placeOrder(Api.member(member), "with space", body), 400, "Idempotency-Key");
        assertThat(eventStore.ordersOf(member)).isZero();
    }

    @Test
    void tokens_that_are_missing_expired_or_foreign_get_401() {
        String member = "member-" + UUID.randomUUID();
        String body = order(line("AMERICANO", "1"));
        var issuer = SharedServers.jwtIssuer();
        for (String token : new String[]{null, "not-a-jwt", issuer.expiredToken(member, "x", "MEMBER"),
                issuer.foreignToken(member, "x", "MEMBER")}) {
            Api.Response response = api.placeOrder(token, UUID.randomUUID().toString(), body);
            assertProblem(response, 401, null);
        }
        assertThat(eventStore.ordersOf(member)).isZero();
    }

    @Test
    void only_members_place_orders() {
        String barista = "barista-" + UUID.randomUUID();
        assertProblem(api.placeOrder(Api.barista(barista), UUID.randomUUID().toString(),
                order(line("AMERICANO", "1"))), 403, null);
        assertThat(eventStore.ordersOf(barista)).isZero();
    }

    @Test
    void completing_and_cancelling_refuse_the_wrong_caller_the_wrong_order_and_the_wrong_state() {
        String owner = "member-" + UUID.randomUUID();
        String orderId = api.placeLattes(Api.member(owner), 1);
        String barista = Api.barista("barista-" + UUID.randomUUID());

        assertProblem(api.complete(Api.member(owner), orderId), 403, null);
        // Issue 21: another member's order is answered like an unknown id (as reading it is), not with a 403.
        Api.Response othersOrder = api.cancel(Api.member("member-" + UUID.randomUUID()), orderId);
        assertProblem(othersOrder, 404, null);
        assertThat(othersOrder.json().get("detail").asText()).isEqualTo("No order with id " + orderId);
        assertProblem(api.complete(barista, UUID.randomUUID().toString()), 404, null);
        assertProblem(api.cancel(Api.member(owner), UUID.randomUUID().toString()), 404, null);
        assertProblem(api.complete(barista, "not-a-uuid"), 400, "orderId");
        assertProblem(api.complete(null, orderId), 401, null);
        assertProblem(api.send("POST", "/api/orders/" + orderId + "/cancel", Api.member(owner), "application/json",
                "{\"reason\":\"x\",\"refund\":true}"), 400, "refund");
        assertThat(eventStore.eventTypes(orderId)).hasSize(1);

        assertThat(api.complete(barista, orderId).status()).isEqualTo(202);
        Api.Response again = api.complete(barista, orderId);
        assertProblem(again, 409, null);
        assertThat(again.json().get("orderStatus").asText()).isEqualTo("PICKED_UP");
        assertProblem(api.cancel(Api.member(owner), orderId), 409, null);
        // Complete hands over in one step and records the counter steps it skipped (ADR 0900): accepted, ready,
        // picked up; the refused calls after it add nothing.
        assertThat(eventStore.eventTypes(orderId)).hasSize(4);
    }

    /**
     * Each refusal answers with its own problem (ADR 0009: the order rules' refusals carry it, Axon's are mapped):
     * type, code, field and detail, whoever answers it.
     */
    @Test
    void each_refusal_answers_with_its_own_type_code_field_and_detail() {
        String owner = "member-" + UUID.randomUUID();
        Api.Response invalid = api.placeOrder(Api.member(owner), UUID.randomUUID().toString(),
                order(line("AMERICANO", "0")));
        assertCode(invalid, 422, "invalid-order", "items[0].quantity");
        assertThat(invalid.json().at("/errors/0/message").asText()).isEqualTo(invalid.json().get("detail").asText());

        String key = UUID.randomUUID().toString();
        assertThat(api.placeOrder(Api.member(owner), key, order(line("AMERICANO", "1"))).status()).isEqualTo(202);
        Api.Response reused = api.placeOrder(Api.member(owner), key, order(line("AMERICANO", "2")));
        assertCode(reused, 422, "idempotency-key-reused", "Idempotency-Key");
        assertThat(reused.json().get("detail").asText())
                .isEqualTo("This Idempotency-Key was already used for a different order");

        String orderId = api.placeLattes(Api.member(owner), 1);
        String barista = Api.barista("barista-" + UUID.randomUUID());
        Api.Response forbidden = api.cancel(barista, orderId);
        assertCode(forbidden, 403, "forbidden", null);
        assertThat(forbidden.json().get("detail").asText())
                .isEqualTo("Only the member who placed an order can cancel it");
        Api.Response hidden = api.cancel(Api.member("member-" + UUID.randomUUID()), orderId);
        assertCode(hidden, 404, "order-not-found", null);
        String unknownId = UUID.randomUUID().toString();
        Api.Response unknown = api.complete(barista, unknownId);
        assertCode(unknown, 404, "order-not-found", null);
        assertThat(unknown.json().get("detail").asText()).isEqualTo("No order with id " + unknownId);
        assertThat(hidden.json().get("detail").asText()).isEqualTo("No order with id " + orderId);

        assertThat(api.complete(barista, orderId).status()).isEqualTo(202);
        Api.Response notOpen = api.complete(barista, orderId);
        assertCode(notOpen, 409, "order-not-open", null);
        assertThat(notOpen.json().get("title").asText()).isEqualTo("Conflict");
        assertThat(notOpen.json().get("detail").asText()).startsWith("Order " + orderId + " is PICKED_UP; it can be ");
        assertThat(notOpen.json().get("orderStatus").asText()).isEqualTo("PICKED_UP");
    }

    private static void assertCode(Api.Response response, int status, String code, String field) {
        assertProblem(response, status, field);
        assertThat(response.json().get("type").asText()).isEqualTo("https://brew.dev/problems/" + code);
        assertThat(response.json().get("code").asText()).isEqualTo(code);
        if (field == null) {
            assertThat(response.json().has("field")).as(response.body()).isFalse();
        }
    }

    @Test
    void unknown_paths_and_methods_get_problems_too() {
        String token = Api.member("member-" + UUID.randomUUID());
        assertProblem(api.get("/api/nothing-here", token), 404, null);
        assertProblem(api.send("DELETE", "/api/orders", token, null, null), 405, null);
    }

    static void assertProblem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.brew");
        if (field != null) {
            assertThat(response.json().get("field")).as(response.body()).isNotNull();
            assertThat(response.json().get("field").asText()).isEqualTo(field);
        }
    }
}
