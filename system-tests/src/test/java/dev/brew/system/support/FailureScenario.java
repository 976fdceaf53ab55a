package dev.brew.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brew.stack.Part;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One row of the failure table, run for real: a steady load through the gateway; the part stopped (a process
 * killed, the broker or PostgreSQL stopped) while {@code promises} are checked every second; the part started
 * again; the system left to settle (waiting on conditions only); then the books are checked — every acknowledged
 * order in the event store exactly once with the right terminal event, in the view exactly once with the right
 * status, nothing stored for a refused one, every member who signed up in command-service's directory.
 */
public final class FailureScenario {

    private static final Logger log = LoggerFactory.getLogger(FailureScenario.class);
    private static final Duration SETTLE_LIMIT = Duration.ofSeconds(180);

    private final Brew brew;
    private final String name;
    private final Part part;
    private boolean crash = true;
    private Consumer<Context> whileDown = context -> { };
    private Consumer<Context> beforeStop = context -> { };
    private Consumer<Context> afterSettled = context -> { };
    private String note = "";

    /** What a scenario's hooks see. */
    public record Context(Brew brew, OrderLoad load, Session barista, Session probe, List<String> menu,
                          Promises promises, Map<String, Object> facts) {

        /** A valid order body. */
        public String order(int seed) {
            return Gateway.orderBody(menu, seed);
        }
    }

    public FailureScenario(Brew brew, String name, Part part) {
        this.brew = brew;
        this.name = name;
        this.part = part;
    }

    /** SIGTERM (a clean stop) instead of SIGKILL; for PostgreSQL and Kafka the launcher stops the server either way. */
    public FailureScenario cleanStop() {
        this.crash = false;
        return this;
    }

    /** Checked once a second for as long as the part is down. */
    public FailureScenario whileDown(Consumer<Context> checks) {
        this.whileDown = checks;
        return this;
    }

    /** Runs just before the part is stopped (e.g. to stop it at a chosen moment). */
    public FailureScenario beforeStop(Consumer<Context> hook) {
        this.beforeStop = hook;
        return this;
    }

    public FailureScenario afterSettled(Consumer<Context> checks) {
        this.afterSettled = checks;
        return this;
    }

    public ScenarioReport run() {
        if (Scale.isChaos()) {
            SharedStack.renew();
        }
        Gateway gateway = brew.gateway();
        brew.awaitSettled(SETTLE_LIMIT);
        Session barista = brew.barista();
        // Member names stay well under member-service's 40 characters: "<scenario>-load-<run>-<n>".
        String tag = name.replaceAll("[^a-z]", "");
        tag = tag.substring(0, Math.min(12, tag.length()));
        List<Session> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(gateway.newMember(tag + "-load"));
        }
        // Each member orders once before the load, so command-service's directory knows them all (what "a known
        // member" means when member-service is down).
        members.forEach(gateway::placeOrder);
        // The promise checks order as their own member, so the load's books stay exact.
        Session probe = gateway.newMember(tag + "-probe");
        gateway.placeOrder(probe);
        List<String> menu = gateway.menuCodes();
        int limit = Scale.ordersPerScenario();
        double rate = Scale.ordersPerSecond();
        Promises promises = new Promises();
        Map<String, Object> facts = new ConcurrentHashMap<>();
        ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();
        try (OrderLoad load = new OrderLoad(gateway, members, barista, rate, limit)) {
            Context context = new Context(brew, load, barista, probe, menu, promises, facts);
            load.start();
            int warmUp = limit > 0 ? limit * 2 / 5 : (int) Math.ceil(rate * 3);
            await("load warmed up").atMost(Duration.ofSeconds(120)).until(() -> load.sent() >= warmUp);

            beforeStop.accept(context);
            MachineSnapshot atStop = MachineSnapshot.of(brew.stack());
            long down = System.nanoTime();
            if (crash) {
                brew.stack().kill(part);
            } else {
                brew.stack().stop(part);
            }
            log.info("[{}] {} is down", name, part);
            long outageSeconds = Scale.outage().toSeconds();
            checker.scheduleWithFixedDelay(() -> {
                try {
                    whileDown.accept(context);
                } catch (RuntimeException | AssertionError e) {
                    promises.expect("check itself", () -> new Response(0, null, e.toString(), Duration.ZERO,
                            null), 0, 1);
                } finally {
                    promises.roundDone();
                }
            }, 0, 1, TimeUnit.SECONDS);
            await(part + " down for " + outageSeconds + " rounds of promise checks")
                    .atMost(Duration.ofSeconds(outageSeconds * 10 + 60))
                    .until(() -> promises.rounds() >= outageSeconds);
            checker.shutdown();
            await("the last promise check").atMost(Duration.ofSeconds(30)).until(checker::isTerminated);
            long downMillis = elapsed(down);

            MachineSnapshot atRestart = MachineSnapshot.of(brew.stack());
            long restart = System.nanoTime();
            brew.stack().start(part);
            long restartMillis = elapsed(restart);
            log.info("[{}] {} is back after {} ms down, restart took {} ms", name, part, downMillis, restartMillis);
            int sentAtRestart = load.sent();
            if (limit > 0) {
                await("all " + limit + " orders sent").atMost(Duration.ofSeconds((long) (limit / rate) + 600))
                        .until(load::finished);
            } else {
                await("load after the restart").atMost(Duration.ofSeconds(120))
                        .until(() -> load.sent() >= sentAtRestart + warmUp);
            }
            load.stop();

            // Settle: everything answers, unacknowledged calls are retried with their keys, the views catch up.
            brew.awaitSettled(SETTLE_LIMIT);
            load.retryUnacknowledged(brew.eventStore());
            List<OrderLoad.LoadOrder> accepted = load.accepted();
            awaitViews(barista, accepted);
            awaitDirectory(load.signedUp());
            long settleMillis = elapsed(restart) - restartMillis;
            afterSettled.accept(context);

            Books books = checkBooks(load, accepted, barista);
            ScenarioReport report = new ScenarioReport(name, load.sent(), accepted.size(), load.placeAnswers(),
                    load.actionAnswers(), load.signUpAnswers(), load.retried(), load.unacknowledgedButStored(),
                    books.lost.size(), books.doubled.size(), downMillis, restartMillis, settleMillis,
                    load.slowestMillis(), load.noAnswer(), promises.toString(), promises.breaches(),
                    note + (load.cut() == 0 ? "" : "calls cut by the kill (connection closed, retried): "
                            + load.cut() + "; ") + facts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")));
            report.append();
            System.out.println("[system-tests] " + report.row());
            promises.breaches().forEach(breach -> System.out.println("[system-tests] BREACH " + name + ": " + breach));
            load.noAnswerErrors().forEach(error -> System.out.println("[system-tests] NO ANSWER " + name + ": " + error));
            load.cutErrors().forEach(error -> System.out.println("[system-tests] CUT " + name + ": " + error));
            System.out.println("[system-tests] MACHINE " + name + ": while down: " + atRestart.since(atStop)
                    + "; after: " + MachineSnapshot.of(brew.stack()).since(atRestart));

            assertThat(books.lost).as("%s: acknowledged orders missing from the event store", name).isEmpty();
            assertThat(books.doubled).as("%s: orders stored twice or never acknowledged", name).isEmpty();
            assertThat(books.wrongTerminal).as("%s: wrong terminal events", name).isEmpty();
            assertThat(books.refusedButStored).as("%s: refused (4xx) orders that were stored", name).isEmpty();
            assertThat(books.viewDuplicates).as("%s: duplicate ids in the barista queue or my-orders", name)
                    .isEmpty();
            assertThat(load.noAnswer()).as("%s: calls that got no answer within %s: %s", name, Gateway.TIMEOUT,
                    load.noAnswerErrors()).isZero();
            return report;
        } finally {
            checker.shutdownNow();
        }
    }

    /** Every acknowledged order readable by the barista with its final status. */
    private void awaitViews(Session barista, List<OrderLoad.LoadOrder> orders) {
        Set<OrderLoad.LoadOrder> pending = ConcurrentHashMap.newKeySet();
        pending.addAll(orders);
        try {
            await("all " + orders.size() + " orders in the view with their final status").atMost(SETTLE_LIMIT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                        for (OrderLoad.LoadOrder order : List.copyOf(pending)) {
                            Response view = brew.gateway().order(barista, order.orderId());
                            String status = view.status() == 200 ? view.json().path("status").asText()
                                    : "HTTP " + view.status();
                            if (status.equals(order.expectedStatus())) {
                                pending.remove(order);
                            } else {
                                return false;
                            }
                        }
                        return pending.isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // The wait stops at the first order not yet right; read every one left once, to tell how many are off.
            List<String> wrong = new ArrayList<>();
            for (OrderLoad.LoadOrder order : List.copyOf(pending)) {
                Response view = brew.gateway().order(barista, order.orderId());
                String status = view.status() == 200 ? view.json().path("status").asText() : "HTTP " + view.status();
                if (!status.equals(order.expectedStatus())) {
                    wrong.add(order.orderId() + " expected " + order.expectedStatus() + " saw " + status);
                }
            }
            throw new AssertionError(name + ": " + wrong.size() + " of " + orders.size()
                    + " orders not in the view as expected at the settle limit, e.g. "
                    + wrong.stream().limit(5).toList(), e);
        }
    }

    private void awaitDirectory(List<String> memberIds) {
        if (memberIds.isEmpty()) {
            return;
        }
        await("all " + memberIds.size() + " members who signed up in command-service's directory")
                .atMost(SETTLE_LIMIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500))
                .until(() -> brew.eventStore().directory(memberIds).keySet().containsAll(memberIds));
    }

    private record Books(List<String> lost, List<String> doubled, List<String> wrongTerminal,
                         List<String> refusedButStored, List<String> viewDuplicates) {
    }

    private Books checkBooks(OrderLoad load, List<OrderLoad.LoadOrder> accepted, Session barista) {
        List<String> ids = accepted.stream().map(OrderLoad.LoadOrder::orderId).toList();
        Map<String, Map<String, Integer>> events = brew.eventStore().eventsOf(ids);
        List<String> lost = new ArrayList<>();
        List<String> doubled = new ArrayList<>();
        List<String> wrongTerminal = new ArrayList<>();
        for (OrderLoad.LoadOrder order : accepted) {
            Map<String, Integer> of = events.getOrDefault(order.orderId(), Map.of());
            int placed = of.getOrDefault("OrderPlaced", 0);
            // Handed over: OrderPickedUp (complete records accepted, ready, picked up: ADR 0900).
            int completed = of.getOrDefault("OrderPickedUp", 0) + of.getOrDefault("OrderCompleted", 0);
            int cancelled = of.getOrDefault("OrderCancelled", 0);
            if (placed == 0) {
                lost.add(order.orderId());
            }
            if (placed > 1 || completed + cancelled > 1 || of.getOrDefault("OrderAccepted", 0) > 1
                    || of.getOrDefault("OrderReady", 0) > 1) {
                doubled.add(order.orderId() + " " + of);
            }
            String terminal = completed == 1 ? "PICKED_UP" : cancelled == 1 ? "CANCELLED" : "ORDERED";
            if (completed + cancelled <= 1 && !terminal.equals(order.expectedStatus())) {
                wrongTerminal.add(order.orderId() + " expected " + order.expectedStatus() + " stored " + of);
            }
        }
        // Orders of the load's members that nobody acknowledged (the one warm-up order per member excepted).
        Set<String> acknowledged = new HashSet<>(ids);
        List<String> memberIds = load.members().stream().map(Session::memberId).toList();
        Map<String, Integer> placedBy = brew.eventStore().ordersPlacedBy(memberIds);
        long unexplained = placedBy.keySet().stream().filter(id -> !acknowledged.contains(id)).count()
                - memberIds.size();
        if (unexplained > 0) {
            doubled.add(unexplained + " orders stored for the load's members that no 202 acknowledged");
        }
        List<String> refusedButStored = List.copyOf(brew.eventStore().existing(
                load.refused().stream().map(OrderLoad.LoadOrder::derivedId).toList()));

        List<String> viewDuplicates = new ArrayList<>();
        Set<String> expectedInQueue = accepted.stream().filter(o -> o.intent == OrderLoad.Intent.KEEP)
                .map(OrderLoad.LoadOrder::orderId).collect(Collectors.toSet());
        Set<String> leftQueue = accepted.stream().filter(o -> o.intent != OrderLoad.Intent.KEEP)
                .map(OrderLoad.LoadOrder::orderId).collect(Collectors.toSet());
        Map<String, Integer> inQueue = pages(page -> brew.gateway().queue(barista, page, 100));
        inQueue.forEach((id, count) -> {
            if (count > 1) {
                viewDuplicates.add("queue: " + id + " ×" + count);
            }
            if (leftQueue.contains(id)) {
                viewDuplicates.add("queue still shows finished order " + id);
            }
        });
        expectedInQueue.stream().filter(id -> !inQueue.containsKey(id))
                .forEach(id -> viewDuplicates.add("queue misses ORDERED order " + id));
        for (Session member : load.members()) {
            Map<String, Integer> mine = pages(page -> brew.gateway().get("/api/orders/mine?page=" + page
                    + "&size=100", member));
            mine.forEach((id, count) -> {
                if (count > 1) {
                    viewDuplicates.add("mine of " + member.name() + ": " + id + " ×" + count);
                }
            });
            accepted.stream().filter(o -> o.member.equals(member) && !mine.containsKey(o.orderId()))
                    .forEach(o -> viewDuplicates.add("mine of " + member.name() + " misses " + o.orderId()));
        }
        return new Books(lost, doubled, wrongTerminal, refusedButStored, viewDuplicates);
    }

    /** Reads every page of a paged query: id → how often it appeared. */
    private static Map<String, Integer> pages(java.util.function.IntFunction<Response> page) {
        Map<String, Integer> seen = new HashMap<>();
        for (int n = 0; n < 10_000; n++) {
            Response response = page.apply(n);
            assertThat(response.status()).as("page %d: %s", n, response).isEqualTo(200);
            JsonNode items = response.json().path("items");
            items.forEach(item -> seen.merge(item.path("orderId").asText(), 1, Integer::sum));
            if (items.size() < 100) {
                break;
            }
        }
        return seen;
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
