package dev.brew.system;

import dev.brew.system.support.Brew;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.Response;
import dev.brew.system.support.Session;
import dev.brew.system.support.SystemTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5: every call of the spec's (docs/spec.md) API table (and member-service's own calls) × every kind of caller, through the
 * gateway, each cell asserted. "Another member" is a second customer acting on the first one's order: the answer
 * is 403 or 404, and never carries the order's data.
 */
@SystemTest
@Order(10)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AuthorizationMatrixTest {

    enum Caller { ANONYMOUS, MEMBER, OTHER_MEMBER, BARISTA, OPERATOR }

    /** What a cell may answer: any of these statuses. */
    private record Expect(int... statuses) {
        boolean allows(int status) {
            return Arrays.stream(statuses).anyMatch(s -> s == status);
        }

        @Override
        public String toString() {
            return Arrays.toString(statuses);
        }
    }

    private record Row(String call, BiFunction<Caller, Session, Response> send, Map<Caller, Expect> expected) {
    }

    private static Brew brew;
    private static Gateway gateway;
    private static Map<Caller, Session> sessions;
    private static Session owner;
    private static Session other;

    @BeforeAll
    static void callers(Brew shared) {
        brew = shared;
        gateway = shared.gateway();
        shared.awaitSettled(Duration.ofSeconds(180));
        owner = gateway.newMember("owner");
        other = gateway.newMember("other");
        sessions = new EnumMap<>(Caller.class);
        sessions.put(Caller.MEMBER, owner);
        sessions.put(Caller.OTHER_MEMBER, other);
        sessions.put(Caller.BARISTA, shared.barista());
        sessions.put(Caller.OPERATOR, shared.operator());
    }

    /** The owner's order, in the view, still ORDERED: a fresh one for every cell that could change it. */
    private static String ownersOrder() {
        String id = gateway.placeOrder(owner);
        await("order " + id + " in the view").atMost(Duration.ofSeconds(60))
                .until(() -> gateway.order(owner, id).status() == 200);
        return id;
    }

    private static Map<Caller, Expect> expect(int anonymous, int member, Expect other, int barista, Expect operator) {
        Map<Caller, Expect> cells = new EnumMap<>(Caller.class);
        cells.put(Caller.ANONYMOUS, new Expect(anonymous));
        cells.put(Caller.MEMBER, new Expect(member));
        cells.put(Caller.OTHER_MEMBER, other);
        cells.put(Caller.BARISTA, new Expect(barista));
        cells.put(Caller.OPERATOR, operator);
        return cells;
    }

    private static Expect only(int status) {
        return new Expect(status);
    }

    private static final Expect HIDDEN = new Expect(403, 404);

    @Test
    @org.junit.jupiter.api.Order(1)
    void everyCallerGetsTheAnswerTheApiTablePromises() {
        String sharedOrder = ownersOrder();
        List<Row> rows = List.of(
                new Row("POST /api/members", (c, s) -> gateway.post("/api/members", s, Gateway.json(Map.of(
                        "name", gateway.uniqueName("matrix"), "password", Gateway.PASSWORD)), Map.of()),
                        expect(201, 201, only(201), 201, only(201))),
                new Row("POST /api/sessions", (c, s) -> gateway.post("/api/sessions", s, Gateway.json(Map.of(
                        "name", owner.name(), "password", Gateway.PASSWORD)), Map.of()),
                        expect(200, 200, only(200), 200, only(200))),
                new Row("DELETE /api/sessions", (c, s) -> gateway.send(gateway.request("/api/sessions", s)
                        .DELETE().build()), expect(204, 204, only(204), 204, only(204))),
                new Row("GET /api/menu", (c, s) -> gateway.get("/api/menu", s),
                        expect(200, 200, only(200), 200, only(200))),
                new Row("POST /api/orders", (c, s) -> gateway.placeOrder(s, UUID.randomUUID().toString(),
                        Gateway.orderBody(gateway.menuCodes(), 1)), expect(401, 202, only(202), 403, only(403))),
                new Row("POST /api/orders/{id}/complete", (c, s) -> gateway.complete(s, ownersOrder()),
                        expect(401, 403, only(403), 202, only(403))),
                // Issue 21: anyone who may not read the order is told it does not exist, as GET tells them.
                new Row("POST /api/orders/{id}/cancel", (c, s) -> gateway.cancel(s, ownersOrder()),
                        expect(401, 202, only(404), 403, only(404))),
                new Row("GET /api/orders?status=ORDERED", (c, s) -> gateway.queue(s, 0, 20),
                        expect(401, 403, only(403), 200, only(403))),
                new Row("GET /api/orders/mine", (c, s) -> gateway.get("/api/orders/mine", s),
                        expect(401, 200, only(200), 403, only(403))),
                new Row("GET /api/orders/{id}", (c, s) -> gateway.order(s, sharedOrder),
                        expect(401, 200, HIDDEN, 200, HIDDEN)),
                new Row("GET /api/orders/stream", (c, s) -> gateway.firstStreamEvent(s, Duration.ofSeconds(5)),
                        expect(401, 200, only(200), 200, only(403))),
                new Row("POST /api/admin/replays", (c, s) -> startReplay(s),
                        expect(401, 403, only(403), 403, only(202))),
                new Row("GET /api/admin/replays/{id}", (c, s) -> gateway.get("/api/admin/replays/" + replayId, s),
                        expect(401, 403, only(403), 403, only(200))),
                new Row("GET /api/members/{id}", (c, s) -> gateway.get("/api/members/" + owner.memberId(), s),
                        expect(401, 200, only(403), 200, only(200))),
                new Row("GET /api/members/me", (c, s) -> gateway.get("/api/members/me", s),
                        expect(401, 200, only(200), 200, only(200))),
                new Row("GET /api/loyalty/me", (c, s) -> gateway.get("/api/loyalty/me", s),
                        expect(401, 200, only(200), 403, only(403))),
                new Row("GET /api/recommendations", (c, s) -> gateway.get("/api/recommendations", s),
                        expect(401, 200, only(200), 403, only(403))));

        Map<String, Map<Caller, Response>> answers = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            Map<Caller, Response> byCaller = new EnumMap<>(Caller.class);
            for (Caller caller : Caller.values()) {
                Response answer = row.send().apply(caller, sessions.get(caller));
                byCaller.put(caller, answer);
                Expect expected = row.expected().get(caller);
                if (!expected.allows(answer.status())) {
                    wrong.add(row.call() + " as " + caller + ": expected " + expected + ", got " + answer);
                }
                if (answer.status() >= 400) {
                    assertThat(answer.contentType()).as("%s as %s: a problem body", row.call(), caller)
                            .startsWith("application/problem+json");
                }
            }
            answers.put(row.call(), byCaller);
        }
        print(answers);

        assertThat(wrong).as("cells answering other than promised").isEmpty();
        // Another member learns nothing of the owner's order: neither through the order, the stream nor my-orders.
        assertThat(answers.get("GET /api/orders/{id}").get(Caller.OTHER_MEMBER).body())
                .doesNotContain(owner.memberId()).doesNotContain(owner.name());
        assertThat(answers.get("GET /api/orders/stream").get(Caller.OTHER_MEMBER).body())
                .doesNotContain(sharedOrder).doesNotContain(owner.memberId());
        assertThat(answers.get("GET /api/orders/mine").get(Caller.OTHER_MEMBER).body()).doesNotContain(sharedOrder);
        // A member sees only their own stamp card, whoever asks.
        assertThat(answers.get("GET /api/loyalty/me").get(Caller.MEMBER).json().path("memberId").asText())
                .isEqualTo(owner.memberId());
        assertThat(answers.get("GET /api/loyalty/me").get(Caller.OTHER_MEMBER).body()).doesNotContain(owner.memberId());
        assertThat(answers.get("GET /api/orders/stream").get(Caller.MEMBER).body()).contains(sharedOrder);
        assertThat(answers.get("GET /api/orders/mine").get(Caller.MEMBER).body()).contains(sharedOrder);
        assertThat(answers.get("GET /api/orders/{id}").get(Caller.BARISTA).json().path("status").asText())
                .isEqualTo("ORDERED");
    }

    private static String replayId = "none";

    /** Starts a replay; the one the operator's cell starts is the one the status row then reads. */
    private static Response startReplay(Session caller) {
        Response started = gateway.post("/api/admin/replays", caller, "", Map.of());
        if (started.status() == 202) {
            replayId = started.json().path("id").asText();
        }
        return started;
    }

    /** The operator's replay (a handful of records at this point) completes and reports its progress. */
    @Test
    @org.junit.jupiter.api.Order(2)
    void theOperatorsReplayCompletes() {
        assertThat(replayId).as("the matrix started a replay").isNotEqualTo("none");
        Session operator = sessions.get(Caller.OPERATOR);
        long start = System.nanoTime();
        await("replay " + replayId + " completed").atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    Response status = gateway.get("/api/admin/replays/" + replayId, operator);
                    return status.status() == 200 && status.json().path("state").asText().equals("COMPLETED");
                });
        System.out.printf("[system-tests] operator's replay completed in %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
    }

    private static void print(Map<String, Map<Caller, Response>> answers) {
        StringBuilder table = new StringBuilder("[system-tests] authorization matrix: ")
                .append(answers.size()).append(" calls × ").append(Caller.values().length).append(" callers = ")
                .append(answers.size() * Caller.values().length).append(" cells\n");
        table.append(String.format("%-34s", "call"));
        for (Caller caller : Caller.values()) {
            table.append(String.format("%14s", caller));
        }
        table.append('\n');
        answers.forEach((call, byCaller) -> {
            table.append(String.format("%-34s", call));
            byCaller.values().forEach(answer -> table.append(String.format("%14d", answer.status())));
            table.append('\n');
        });
        System.out.println(table);
    }
}
