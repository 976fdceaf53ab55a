package dev.brew.system;

import dev.brew.stack.Part;
import dev.brew.system.support.Brew;
import dev.brew.system.support.FailureScenario;
import dev.brew.system.support.Gateway;
import dev.brew.system.support.Promises;
import dev.brew.system.support.Response;
import dev.brew.system.support.ScenarioReport;
import dev.brew.system.support.Scale;
import dev.brew.system.support.Session;
import dev.brew.system.support.SystemTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7 (and issue 5's outage checks): each row of the spec's (docs/spec.md) failure table, plus a command-service crash in
 * the middle of publishing, run under a steady load through the gateway with the part stopped for real. While it
 * is down, what docs/spec.md promises is checked every second; after it is back and the system has settled, nothing
 * acknowledged may be lost and nothing doubled. The figures go to target/reliability-table.md.
 */
@SystemTest
@Order(50)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureIsolationTest {

    /** A refused connection or an open breaker: the gateway answers at once (docs/spec.md: "within a second"). */
    private static final long FAST = 1_000;
    /** Anything else must at least not hang: an answer within the gateway's own response timeout (5 s) and a bit. */
    private static final long NO_HANG = Gateway.TIMEOUT.toMillis();
    /** Sign-up and sign-in hash a password: the gateway waits longer for them (ADR 0305). */
    private static final long PASSWORD_NO_HANG = Gateway.PASSWORD_CHECK_TIMEOUT.toMillis();

    private static final List<ScenarioReport> reports = new CopyOnWriteArrayList<>();

    @AfterAll
    static void table() {
        System.out.println("[system-tests] failure scenarios:\n" + ScenarioReport.header());
        reports.forEach(report -> System.out.println(report.row()));
    }

    @Test
    @Order(1)
    void queryServiceDown(Brew brew) {
        reports.add(new FailureScenario(brew, "query-service killed", Part.QUERY_SERVICE)
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session member = c.probe();
                    Response placed = c.promises().expect("POST /api/orders", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), c.order(1)), NO_HANG, 202);
                    if (placed.status() == 202) {
                        String id = placed.json().path("orderId").asText();
                        c.promises().expect("POST /complete", () -> gateway.complete(c.barista(), id), NO_HANG, 202);
                    }
                    c.promises().expect("GET /api/orders/mine (503 fast)", () -> gateway.mine(member), FAST, 503);
                    c.promises().expect("POST /api/sessions", () -> gateway.signIn("barista",
                            c.brew().stack().baristaPassword()), PASSWORD_NO_HANG, 200);
                })
                .run());
        assertNoBreaches();
    }

    @Test
    @Order(2)
    void memberServiceDown(Brew brew) {
        reports.add(new FailureScenario(brew, "member-service killed", Part.MEMBER_SERVICE)
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session known = c.probe();
                    c.promises().expect("POST /api/orders by a known member", () -> gateway.placeOrder(known,
                            UUID.randomUUID().toString(), c.order(2)), NO_HANG, 202);
                    c.promises().expect("POST /api/sessions (503 fast)", () -> gateway.signIn(known.name(),
                            Gateway.PASSWORD), FAST, 503);
                    c.promises().expect("POST /api/members (503 fast)", () -> gateway.signUp(
                            gateway.uniqueName("down"), Gateway.PASSWORD), FAST, 503);
                    c.promises().expect("GET /api/orders/mine with an issued token", () -> gateway.mine(known),
                            NO_HANG, 200);
                })
                .afterSettled(c -> {
                    Session member = c.probe();
                    assertThat(c.brew().gateway().signIn(member.name(), Gateway.PASSWORD).status())
                            .as("sign-in after member-service is back").isEqualTo(200);
                    c.facts().put("sign-in 503 slowest", c.promises().slowest("POST /api/sessions (503 fast)")
                            + " ms");
                })
                .run());
        assertNoBreaches();
    }

    @Test
    @Order(3)
    void kafkaDown(Brew brew) {
        List<String> signedUpWhileDown = new CopyOnWriteArrayList<>();
        reports.add(new FailureScenario(brew, "Kafka stopped", Part.KAFKA)
                .cleanStop()
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session member = c.probe();
                    c.promises().expect("POST /api/orders", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), c.order(3)), NO_HANG, 202);
                    c.promises().expect("GET /api/orders?status=ORDERED (stale but answering)",
                            () -> gateway.queue(c.barista(), 0, 20), NO_HANG, 200);
                    Response signedUp = c.promises().expect("POST /api/members", () -> gateway.signUp(
                            gateway.uniqueName("kafka-down"), Gateway.PASSWORD), PASSWORD_NO_HANG, 201);
                    if (signedUp.status() == 201) {
                        signedUpWhileDown.add(signedUp.json().path("id").asText());
                    }
                })
                .afterSettled(c -> {
                    // Issue 5: member events survive a Kafka outage — each reaches command-service's directory
                    // through the member-events topic (these members never ordered, so nothing else told it).
                    assertThat(signedUpWhileDown).isNotEmpty();
                    await("members signed up while Kafka was down, learned from member events")
                            .atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                            .until(() -> c.brew().eventStore().directory(signedUpWhileDown).values().stream()
                                    .filter("member-events"::equals).count() == signedUpWhileDown.size());
                    c.facts().put("members signed up while down, in the directory from member-events",
                            signedUpWhileDown.size());
                })
                .run());
        assertNoBreaches();
    }

    @Test
    @Order(4)
    void commandServiceDown(Brew brew) {
        reports.add(new FailureScenario(brew, "command-service killed", Part.COMMAND_SERVICE)
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session member = c.probe();
                    c.promises().expect("POST /api/orders (503 fast)", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), c.order(4)), FAST, 503);
                    c.promises().expect("GET /api/orders?status=ORDERED", () -> gateway.queue(c.barista(), 0, 20),
                            NO_HANG, 200);
                    c.promises().expect("GET /api/orders/mine", () -> gateway.mine(member), NO_HANG, 200);
                })
                .afterSettled(c -> {
                    c.brew().gateway().placeOrder(c.probe());
                    c.facts().put("POST /api/orders 503 slowest", c.promises().slowest("POST /api/orders (503 fast)")
                            + " ms");
                })
                .run());
        assertNoBreaches();
    }

    @Test
    @Order(5)
    void postgresDown(Brew brew) {
        reports.add(new FailureScenario(brew, "PostgreSQL stopped", Part.POSTGRES)
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session member = c.probe();
                    c.promises().expect("POST /api/orders (503)", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), c.order(5)), NO_HANG, 503);
                    c.promises().expect("GET /api/orders?status=ORDERED", () -> gateway.queue(c.barista(), 0, 20),
                            NO_HANG, 200);
                    c.promises().expect("POST /api/sessions", () -> gateway.signIn(member.name(), Gateway.PASSWORD),
                            PASSWORD_NO_HANG, 200);
                })
                .run());
        assertNoBreaches();
    }

    @Test
    @Order(6)
    void mongoDown(Brew brew) {
        reports.add(new FailureScenario(brew, "Mongo server killed", Part.MONGO)
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session member = c.probe();
                    c.promises().expect("POST /api/orders by a known member", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), c.order(6)), NO_HANG, 202);
                    c.promises().expect("GET /api/orders/mine (503)", () -> gateway.mine(member), NO_HANG, 503);
                    c.promises().expect("POST /api/sessions (503)", () -> gateway.signIn(member.name(),
                            Gateway.PASSWORD), PASSWORD_NO_HANG, 503);
                })
                .run());
        assertNoBreaches();
    }

    @Test
    @Order(7)
    void commandServiceCrashInTheMiddleOfPublishing(Brew brew) {
        AtomicLong backlogAtKill = new AtomicLong(-1);
        reports.add(new FailureScenario(brew, "command-service killed mid-publishing", Part.COMMAND_SERVICE)
                .beforeStop(c -> {
                    // A burst of orders, then the crash at a moment the publisher is provably behind the store.
                    c.load().burst(Math.max(60, (int) (Scale.ordersPerSecond() * 15)));
                    await("the publisher behind the event store").atMost(Duration.ofSeconds(30))
                            .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).until(() -> {
                                long backlog = publisherBacklog(c.brew());
                                backlogAtKill.set(backlog);
                                return backlog > 0;
                            });
                    c.facts().put("events stored but not yet published at the kill", backlogAtKill.get());
                })
                .whileDown(c -> c.promises().expect("POST /api/orders (503 fast)", () -> c.brew().gateway()
                        .placeOrder(c.probe(), UUID.randomUUID().toString(), c.order(7)), FAST, 503))
                .run());
        assertThat(backlogAtKill.get()).as("killed while events were waiting to be published").isPositive();
        assertNoBreaches();
    }

    @Test
    @Order(8)
    void loyaltyServiceDown(Brew brew) {
        reports.add(new FailureScenario(brew, "loyalty-service killed", Part.LOYALTY_SERVICE)
                .whileDown(c -> {
                    Gateway gateway = c.brew().gateway();
                    Session member = c.probe();
                    c.promises().expect("POST /api/orders without a reward", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), c.order(8)), NO_HANG, 202);
                    c.promises().expect("POST /api/orders with a reward (503 fast)", () -> gateway.placeOrder(member,
                            UUID.randomUUID().toString(), withReward(c.order(8))), FAST, 503);
                    c.promises().expect("GET /api/loyalty/me (503 fast)", () -> gateway.get("/api/loyalty/me",
                            member), FAST, 503);
                })
                .afterSettled(c -> {
                    // Stamps catch up exactly: each load member's card equals a count made here from the event
                    // store (completed orders' drinks, each order once) — none lost while it was down, none doubled.
                    List<String> members = c.load().members().stream().map(Session::memberId).toList();
                    Map<String, Long> expected = c.brew().eventStore().stampsEarnedBy(members);
                    assertThat(expected).isNotEmpty();
                    await("stamps of the load's members caught up").atMost(Duration.ofSeconds(180))
                            .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> assertThat(c.brew().eventStore().stampCards(members))
                                    .isEqualTo(expected));
                    c.facts().put("stamps checked against the event store",
                            expected.values().stream().mapToLong(Long::longValue).sum());
                })
                .run());
        assertNoBreaches();
    }

    /** An order body that applies a reward (any id: loyalty-service is asked, or found down, first). */
    private static String withReward(String body) {
        return body.substring(0, body.lastIndexOf('}')) + ",\"rewardId\":\"" + UUID.randomUUID() + "\"}";
    }

    /** Events in the store beyond the Kafka publisher's tracking token (its processor's token row in PostgreSQL). */
    private static long publisherBacklog(Brew brew) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:"
                + brew.stack().ports().postgres() + "/brew_command", "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select (select max(global_index) from domain_event_entry)
                          - (select max((convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint) from token_entry
                             where processor_name like '%kafka%' and token is not null)""")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void assertNoBreaches() {
        ScenarioReport last = reports.get(reports.size() - 1);
        assertThat(last.breaches()).as("%s: promises broken while the part was down", last.scenario()).isEmpty();
    }
}
